import type { Config } from 'jest';

// One jest project per workspace package; ts-jest only transpiles (`npm run typecheck` checks types).
// `test/e2e/` holds the real-n8n, browser and queue-mode suites, which `npm run test:unit` leaves out.
const project = (name: string, tests = 'test'): Config => ({
  displayName: name,
  testEnvironment: 'node',
  rootDir: name,
  testMatch: [`<rootDir>/${tests}/**/*.test.ts`],
  transform: { '^.+\\.ts$': 'ts-jest' },
});

const config: Config = {
  projects: [
    ...['core', 'sandbox', 'n8n-nodes', 'zapier-app', 'harness', 'scripts'].map((name) => project(name)),
    project('test', 'e2e'),
  ],
};

export default config;
