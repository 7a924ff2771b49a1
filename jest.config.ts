import type { Config } from 'jest';

// One jest project per workspace package; ts-jest only transpiles (`npm run typecheck` checks types).
// `npm run test:unit` leaves out every `e2e/` folder: the real-n8n, browser and queue-mode suites.
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
