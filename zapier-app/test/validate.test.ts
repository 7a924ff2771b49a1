/**
 * Zapier's own validator over the built app: the definition a push would upload. The CLI runs the
 * app's `_zapier-build` script (esbuild) first. Without `--without-style` it would call Zapier's
 * servers; the checks decidable offline are in integration-checks.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const appDir = path.resolve(__dirname, '..');
const binDir = path.resolve(appDir, '..', 'node_modules', '.bin');
// zapier-platform-cli 19 refuses Node < 22; the workspace pins Node 24 as node_modules/.bin/node.
const node = existsSync(path.join(binDir, 'node')) ? path.join(binDir, 'node') : process.execPath;
const env = { ...process.env, DISABLE_ZAPIER_ANALYTICS: '1', PATH: `${binDir}${path.delimiter}${process.env.PATH}` };

it('zapier-platform validate --without-style builds the app, passes and reports nothing', () => {
  const startedAt = Date.now();
  const validate = spawnSync(node, [path.join(binDir, 'zapier-platform'), 'validate', '--without-style'], {
    cwd: appDir,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  // stderr carries only the CLI's spinner line for the build step.
  expect({ status: validate.status, stderr: validate.stderr.trim() }).toEqual({
    status: 0,
    stderr: '- Running _zapier-build script',
  });
  expect(validate.stdout).toContain('No structural errors found');
  expect(validate.stdout).not.toMatch(/│|Error|Warning|Publishing Task/);
  // What was validated is what this run built.
  expect(statSync(path.join(appDir, 'dist', 'index.js')).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
}, 120_000);
