import type { Config } from 'jest';

// One jest project per workspace package; ts-jest only transpiles (`npm run typecheck` checks types).
const project = (name: string): Config => ({
  displayName: name,
  testEnvironment: 'node',
  rootDir: name,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
});

const config: Config = {
  projects: ['core', 'sandbox', 'n8n-nodes', 'zapier-app', 'test'].map(project),
};

export default config;
