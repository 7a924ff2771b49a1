/** Before every unit test file (jest.config.ts): its time limit, and nock gone when it is done. */

// A unit test or hook still running after this is stuck, even on a loaded machine; a file that needs longer says so.
jest.setTimeout(20_000);

// nock patches Node's http module when a file loads it, and a jest worker keeps that module for every file it runs
// (each with a fresh nock): left active, an earlier file's nock would still see the next file's requests and refuse
// them (ERR_NOCK_NO_MATCH). Requiring it here returns the file's own copy (the same module registry).
afterAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only now, and only to restore it
  (require('nock') as typeof import('nock')).restore();
});
