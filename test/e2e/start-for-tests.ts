/** The one way an e2e file starts what its tests share (n8n, the sandbox, ...) and stops it after them. */
import { FIRST_START_MS, startClarkyN8n, type ClarkyN8n, type ClarkyN8nOptions } from '@clarky/n8n-harness';

/** Start-up lines on stderr, where jest shows them as they come. */
export const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Calls `start` before the tests of the file (or of the describe block it is called in) and hands the result to
 * `use`; stops it after their last test, also when the start failed halfway (`start` cleans up what it began).
 */
export function startForTests<T extends { stop(): Promise<void> }>(start: () => Promise<T>, use: (started: T) => void) {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
    use(started);
  }, FIRST_START_MS);
  afterAll(() => started?.stop(), 90_000);
}

/** The usual case: the sandbox and a single n8n with n8n-nodes-clarky and a credential for the sandbox. */
export const clarkyN8nForTests = (options: ClarkyN8nOptions, use: (started: ClarkyN8n) => void): void =>
  startForTests(() => startClarkyN8n({ log: toStderr, ...options }), use);
