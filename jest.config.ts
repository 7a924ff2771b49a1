import type { Config } from 'jest';

// One jest project per workspace package; ts-jest only transpiles (`npm run typecheck` checks types).
// `npm run test:unit` leaves out every `e2e/` folder: the real-n8n, browser and queue-mode suites (test/e2e/) and
// Zapier's own CLI building and validating the app (zapier-app/test/e2e/). The rest mostly waits (on HTTP, rate
// limits), so it runs three at a time even on two cores: 25 s here against 62 s one at a time.
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
