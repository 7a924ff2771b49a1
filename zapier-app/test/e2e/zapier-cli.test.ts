/**
 * Zapier's own CLI over the built app: the definition a push would upload, and the zip it would
 * upload. The CLI runs the app's `_zapier-build` script (esbuild) first. Without `--without-style`
 * validate would call Zapier's servers; the checks decidable offline are in integration-checks.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const appDir = path.resolve(__dirname, '..', '..');
const binDir = path.resolve(appDir, '..', 'node_modules', '.bin');
// zapier-platform-cli 19 refuses Node < 22; the workspace pins Node 24 as node_modules/.bin/node.
const node = existsSync(path.join(binDir, 'node')) ? path.join(binDir, 'node') : process.execPath;
const env = { ...process.env, DISABLE_ZAPIER_ANALYTICS: '1', PATH: `${binDir}${path.delimiter}${process.env.PATH}` };

const zapierPlatform = (...args: string[]) =>
  spawnSync(node, [path.join(binDir, 'zapier-platform'), ...args], {
    cwd: appDir,
    env,
    encoding: 'utf8',
    // Generous: on a loaded 2-core machine the build alone was seen past 120 s.
    timeout: 300_000,
  });

it('zapier-platform validate --without-style builds the app, passes and reports nothing', () => {
  const startedAt = Date.now();
  const validate = zapierPlatform('validate', '--without-style');
  // stderr carries only the CLI's spinner line for the build step.
  expect({ status: validate.status, stderr: validate.stderr.trim() }).toEqual({
    status: 0,
    stderr: '- Running _zapier-build script',
  });
  expect(validate.stdout).toContain('No structural errors found');
  expect(validate.stdout).not.toMatch(/│|Error|Warning|Publishing Task/);
  // What was validated is what this run built.
  expect(statSync(path.join(appDir, 'dist', 'index.js')).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
}, 300_000);

// The CLI installs the production dependencies into a temp copy (from the npm registry), zips, then
// smoke-tests the zip by loading it; a failed smoke test is a non-zero exit.
it('zapier-platform build makes a build.zip that passes its smoke test and holds no dependency but zapier-platform-core', () => {
  const startedAt = Date.now();
  const build = zapierPlatform('build', '--skip-validation');
  expect({ status: build.status, stdout: build.stdout }).toEqual({
    status: 0,
    stdout: expect.stringContaining('Build complete!'),
  });
  const zipPath = path.join(appDir, 'build', 'build.zip');
  expect(statSync(zipPath).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
  // Zip entry names are stored as plain text: enough to see what went in.
  const entries = readFileSync(zipPath).toString('latin1');
  expect(entries).toContain('dist/index.js');
  expect(entries).toContain('node_modules/zapier-platform-core/');
  expect(entries).not.toMatch(/node_modules\/(zod|@clarky)\//);
}, 300_000);
