/** Before every e2e test file (jest.config.ts): its time limit. */

// An e2e test starts real processes (n8n, a browser, Zapier's CLI) that take tens of seconds on a loaded machine;
// past this one is stuck. Setups longer still (installing n8n) give their own limit.
jest.setTimeout(300_000);
