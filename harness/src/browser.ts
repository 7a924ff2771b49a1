/**
 * A headless Chromium driven by playwright-core, for tests that use the real n8n editor. No browser download:
 * `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium` when installed, else the Chromium that the npm package
 * `@sparticuz/chromium` ships (extracted to the temp folder on first use), so `npm install` alone provides one.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { runCommand } from './run-command';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for closed-network machines: without the background-networking ones Chromium keeps calling Google's hosts. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface ChromiumBinary {
  executablePath: string;
  /** Flags that binary needs besides FLAGS. */
  args: string[];
}

// @sparticuz/chromium is an ES module, which jest (CommonJS, no --experimental-vm-modules) can neither import nor
// require: a Node child process extracts it (once per machine, to the temp folder) and says where it is.
const EXTRACT_PACKAGED = `
  const { default: chromium } = await import('@sparticuz/chromium');
  console.log(JSON.stringify({ executablePath: await chromium.executablePath(), args: chromium.args }));
`;

async function packagedChromium(): Promise<ChromiumBinary> {
  const stdout = await runCommand(process.execPath, ['--input-type=module', '--eval', EXTRACT_PACKAGED], {
    cwd: __dirname,
  });
  return JSON.parse(stdout) as ChromiumBinary;
}

/** Which Chromium runs: `CHROMIUM_PATH`, `/usr/bin/chromium`, or @sparticuz/chromium's. */
export async function findChromium(): Promise<ChromiumBinary> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return { executablePath: configured, args: [] };
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: [] };
  return packagedChromium();
}

/** Launches a headless Chromium; close it with `browser.close()`. */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await findChromium();
  return chromium.launch({ executablePath, headless: true, args: [...new Set([...args, ...FLAGS])] });
}
