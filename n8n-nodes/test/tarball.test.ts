/**
 * The tarball users install: the code the credential and both nodes share (core, shared/) ships once, in
 * dist/shared/, which they require by relative paths; they require no package but what n8n provides; and the package
 * stays within half of release:check's bound.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TARBALL_MAX_UNPACKED_BYTES } from '../../scripts/release-check';
import packageJson from '../package.json';

const packageDir = join(__dirname, '..');

interface PackReport {
  filename: string;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

let work: string;
let report: PackReport;
/** Every .js file of the tarball, by its path in the package. */
let scripts: Map<string, string>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'n8n-nodes-clarky-tarball-'));
  const json = execFileSync('npm', ['pack', '--workspace', 'n8n-nodes', '--pack-destination', work, '--json'], {
    cwd: join(packageDir, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  report = (JSON.parse(json) as PackReport[])[0]!;
  execFileSync('tar', ['-xzf', join(work, report.filename), '-C', work]);
  scripts = new Map(
    report.files
      .filter((file) => file.path.endsWith('.js'))
      .map((file) => [file.path, readFileSync(join(work, 'package', file.path), 'utf8')]),
  );
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A function or class declared: `function name`, `class name`, or `name = class` (how esbuild emits a class). */
const DECLARATION = /\b(?:function\*?\s+([\w$]+)|class\s+([\w$]+)|([\w$]+)\s*=\s*class\b)/g;

/** The names each .js file of the tarball declares. */
const declaredIn = (text: string) => [...text.matchAll(DECLARATION)].map((match) => match[1] ?? match[2] ?? match[3]!);

/** The .js files that declare `name`. */
const declaring = (name: string) =>
  [...scripts].filter(([, text]) => declaredIn(text).includes(name)).map(([path]) => path);

it('unpacks to at most half of the bound release:check allows', () => {
  const limit = TARBALL_MAX_UNPACKED_BYTES / 2;
  const sizes = report.files.map((file) => `${file.size} ${file.path}`).join('\n');
  // Said with what weighs what, so whoever grows the package sees where the bytes went.
  expect(
    report.unpackedSize <= limit ? 'within' : `${report.unpackedSize} bytes unpacked, over ${limit}:\n${sizes}`,
  ).toBe('within');
});

it('declares each function and class in one file only: nothing is inlined twice', () => {
  const files = new Map<string, string[]>();
  for (const [path, text] of scripts) {
    for (const name of new Set(declaredIn(text))) files.set(name, [...(files.get(name) ?? []), path]);
  }
  const twice = [...files].filter(([, paths]) => paths.length > 1).map(([name, paths]) => `${name}: ${paths}`);
  expect(twice).toEqual([]);
  // Core's client, n8n's transport and error mapping, and the credential (the nodes use its name) are shared.
  for (const name of ['createClarkyClient', 'ClarkyApiError', 'clarkyClient', 'clarkyNodeError', 'ClarkyApi']) {
    expect(declaring(name)).toEqual([expect.stringMatching(/^dist\/shared\//)]);
  }
});

it('gives n8n a CommonJS file per credential and node that requires the shared code by a relative path', () => {
  for (const entry of [...packageJson.n8n.credentials, ...packageJson.n8n.nodes]) {
    const text = scripts.get(entry);
    expect(text).toContain('module.exports');
    const required = [...text!.matchAll(/require\("([^"]+)"\)/g)].map(([, path]) => path!);
    expect(required).toContainEqual(expect.stringMatching(/^\.\.\/(\.\.\/)?shared\/clarky-\w+\.js$/));
  }
});

/** What n8n gives a community package at run time: its n8n-workflow and the zod that comes with it. */
const FROM_N8N = ['n8n-workflow', 'zod', 'zod/v4'];

it("requires nothing but n8n-workflow, n8n's zod, node: built-ins and files of the package", () => {
  // Every require() or import() in any .js file, with whatever it is given (a computed path is a problem too).
  const problems = [...scripts].flatMap(([file, text]) =>
    [...text.matchAll(/\b(?:require|import)\s*\(([^)]*)\)/g)]
      .map(([, argument]) => argument!.trim())
      .filter((argument) => {
        const path = /^"([^"]+)"$|^'([^']+)'$/.exec(argument)?.slice(1).find(Boolean);
        if (path === undefined) return true;
        if (path.startsWith('./') || path.startsWith('../')) return !scripts.has(join(dirname(file), path));
        return !path.startsWith('node:') && !FROM_N8N.includes(path);
      })
      .map((argument) => `${file}: ${argument}`),
  );
  expect(problems).toEqual([]);
  // ...and package.json says so: n8n-workflow as the peer dependency n8n's rules allow, zod where npm and n8n ignore it.
  expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
  expect(Object.keys(packageJson.n8nProvidedDependencies)).toEqual(['zod']);
});
