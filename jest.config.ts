import type { Config } from 'jest';

// Three kinds of tests, as separate projects (ts-jest only transpiles; `npm run typecheck` checks types):
// - unit: each workspace's test/ but its e2e/ folder and its integration tests, in process, against the sandbox or
//   nock on 127.0.0.1. Each workspace is a project of its name (`--selectProjects core`); `npm run test:unit` runs
//   these only, the loop to run after every change.
// - integration: `*.integration.test.ts` in any workspace's test/: in process too, but each runs a whole tool or
//   hundreds of activations (ESLint, n8n's scanner on the packed tarball, 100 Zaps), tens of seconds a file.
// - e2e: test/e2e (the packed node in a real n8n: single, queue mode, a browser) and zapier-app/test/e2e (Zapier's
//   own CLI building and validating the app), each taking minutes.
// Their time limits are set by the setup files (a file or a test may ask for more, saying why).
const transform = { '^.+\\.ts$': 'ts-jest' };

/** A project run in jest's own process tree, with the unit time limit. */
const inProcess = (displayName: string, testMatch: string[], testPathIgnorePatterns: string[]): Config => ({
  displayName,
  testEnvironment: 'node',
  testMatch,
  testPathIgnorePatterns,
  setupFilesAfterEnv: ['<rootDir>/scripts/jest/unit-setup.ts'],
  transform,
});

const INTEGRATION = '\\.integration\\.test\\.ts$';

const unit = (name: string): Config => ({
  ...inProcess(name, [`<rootDir>/${name}/test/**/*.test.ts`], ['/e2e/', INTEGRATION]),
  roots: [`<rootDir>/${name}`],
});

const integration = inProcess(
  'integration',
  ['<rootDir>/*/test/**/*.integration.test.ts'],
  ['/node_modules/', '/e2e/'],
);

const e2e: Config = {
  displayName: 'e2e',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e', '<rootDir>/zapier-app/test/e2e'],
  testMatch: ['**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/scripts/jest/e2e-setup.ts'],
  transform,
};

const config: Config = {
  projects: [...['core', 'sandbox', 'n8n-nodes', 'zapier-app', 'harness', 'scripts'].map(unit), integration, e2e],
  // The time an idle worker gets to exit before jest kills it and says it "failed to exit gracefully" (500 ms by
  // default). A worker that loaded n8n-core holds a large heap, and Node finishes V8's garbage collection in
  // progress before it exits: on a busy machine that alone can outlast 500 ms, with no handle left open. A real leak
  // still gets the warning, after this wait.
  workerGracefulExitTimeout: 5_000,
};

export default config;
