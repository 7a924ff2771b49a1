/**
 * Zapier's own validator over the built app: the definition a push would upload. Without
 * `--without-style` it would call Zapier's servers; those checks are in integration-checks.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const appDir = path.resolve(__dirname, '..');
const binDir = path.resolve(appDir, '..', 'node_modules', '.bin');
// zapier-platform-cli 19 refuses Node < 22; the workspace pins Node 24 as node_modules/.bin/node.
const node = existsSync(path.join(binDir, 'node')) ? path.join(binDir, 'node') : process.execPath;
const env = { ...process.env, DISABLE_ZAPIER_ANALYTICS: '1', PATH: `${binDir}${path.delimiter}${process.env.PATH}` };

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: appDir, env, encoding: 'utf8', timeout: 120_000 });
}

it('zapier-platform validate --without-style passes on the built app and reports nothing', () => {
  const build = run(path.join(binDir, 'esbuild'), buildArgs());
  expect(build.status).toBe(0);

  const validate = run(node, [path.join(binDir, 'zapier-platform'), 'validate', '--without-style']);
  expect({ status: validate.status, stderr: validate.stderr }).toEqual({ status: 0, stderr: '' });
  expect(validate.stdout).toContain('No structural errors found');
  expect(validate.stdout).not.toMatch(/│|Error|Warning|Publishing Task/);
}, 120_000);

/** The `build` script of zapier-app/package.json, so the test validates what `npm run build` makes. */
function buildArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as {
    scripts: { build: string };
  };
  const [command, ...args] = scripts.build.split(' ');
  expect(command).toBe('esbuild');
  return args;
}
