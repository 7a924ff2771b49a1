/**
 * What n8n sees when it loads the package: the tarball users install (`npm pack`, which builds dist/), unpacked and
 * loaded with n8n-core's PackageDirectoryLoader, as n8n loads a community package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';
import { WEBHOOK_RESOLVERS, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { ClarkyApi } from '../credentials/ClarkyApi.credentials';
import { Clarky } from '../nodes/Clarky/Clarky.node';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import packageJson from '../package.json';

const packageDir = join(__dirname, '..');
const codexOf = (node: string) => JSON.parse(readFileSync(join(packageDir, `nodes/${node}/${node}.node.json`), 'utf8'));
const codexSource = codexOf('ClarkyTrigger');
const source = { node: new ClarkyTrigger(), actionNode: new Clarky(), credential: new ClarkyApi() };

let work: string;
let installed: string;
let loader: PackageDirectoryLoader;

beforeAll(async () => {
  // Unpacked inside the workspace: the bundles then find n8n-workflow and zod, which n8n provides to a package.
  mkdirSync(join(packageDir, 'node_modules', '.cache'), { recursive: true });
  work = mkdtempSync(join(packageDir, 'node_modules', '.cache', 'package-loader-'));
  execFileSync('npm', ['pack', '--workspace', 'n8n-nodes', '--pack-destination', work], {
    cwd: join(packageDir, '..'),
    stdio: 'pipe',
  });
  const [tarball] = readdirSync(work).filter((file) => file.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', join(work, tarball!), '-C', work]);
  installed = join(work, 'package');
  loader = new PackageDirectoryLoader(installed);
  await loader.loadAll();
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A path n8n serves an icon under (icons/<package>/<file>), as the file in the installed package. */
const iconFile = (iconUrl: string) => join(installed, iconUrl.replace(`icons/${packageJson.name}/`, ''));

const loadedNode = (name = source.node.description.name) => loader.nodeTypes[name]!.type as INodeType;
const loadedDescription = (name?: string) =>
  loadedNode(name).description as INodeTypeDescription & {
    iconUrl?: { light: string; dark: string };
    codex?: unknown;
  };

it('loads two nodes and one credential, under the names n8n knows them by', () => {
  expect(loader.packageName).toBe(packageJson.name);
  expect(Object.keys(loader.nodeTypes).sort()).toEqual(['clarky', 'clarkyTrigger']);
  expect(Object.keys(loader.credentialTypes)).toEqual(['clarkyApi']);
  // n8n prefixes the package name: the type workflows store, and the codex file's "node".
  expect(`${loader.packageName}.${loadedDescription().name}`).toBe('n8n-nodes-clarky.clarkyTrigger');
  expect(codexSource.node).toBe('n8n-nodes-clarky.clarkyTrigger');
  expect(codexOf('Clarky').node).toBe('n8n-nodes-clarky.clarky');
  expect(loader.known.credentials.clarkyApi!.supportedNodes!.sort()).toEqual(['clarky', 'clarkyTrigger']);
  expect(loadedDescription().communityNodePackageVersion).toBe(packageJson.version);
  expect(loadedDescription('clarky').communityNodePackageVersion).toBe(packageJson.version);
});

it('resolves the light and dark icons of node and credential to files in the package', () => {
  const credential = loader.credentialTypes.clarkyApi!.type as ClarkyApi & {
    iconUrl?: { light: string; dark: string };
  };
  for (const iconUrl of [loadedDescription().iconUrl, loadedDescription('clarky').iconUrl, credential.iconUrl]) {
    expect(iconUrl).toEqual({
      light: `icons/${packageJson.name}/dist/icons/clarky.svg`,
      dark: `icons/${packageJson.name}/dist/icons/clarky.dark.svg`,
    });
    for (const file of Object.values(iconUrl!)) expect(existsSync(iconFile(file))).toBe(true);
  }
  expect(loadedDescription().icon).toBeUndefined();
});

it('reads the codex: categories and documentation links from ClarkyTrigger.node.json', () => {
  expect(loadedDescription().codex).toEqual({
    categories: codexSource.categories,
    resources: {
      primaryDocumentation: codexSource.resources.primaryDocumentation,
      credentialDocumentation: codexSource.resources.credentialDocumentation,
    },
  });
  expect(codexSource.categories).toEqual(['Communication', 'Sales']);
  expect(loadedDescription('clarky').codex).toMatchObject({ categories: codexOf('Clarky').categories });
});

it('gets the built node and credential as the sources define them', () => {
  const built = loadedDescription();
  // As the editor gets them (JSON), and with the bundle's own native resolver for the method, which n8n 2.41 finds.
  const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  expect(asJson(built.webhooks)).toEqual(asJson(source.node.description.webhooks));
  const resolveMethod = built.webhooks![0]![WEBHOOK_RESOLVERS]!.httpMethod!.resolve;
  expect([resolveMethod({ options: {} }), resolveMethod({ options: { httpMethod: 'PUT' } })]).toEqual(['POST', 'PUT']);
  expect(built.credentials).toEqual(source.node.description.credentials);
  expect(built.properties.map((property) => property.name)).toEqual(
    source.node.description.properties.map((property) => property.name),
  );
  expect(Object.keys(loadedNode().webhookMethods!.default!)).toEqual(['checkExists', 'create', 'delete']);
  expect(Object.keys(loadedNode().methods!.loadOptions!)).toEqual(['getAgents']);
  const actions = loadedDescription('clarky');
  expect(actions.properties).toEqual(source.actionNode.description.properties);
  expect(actions.usableAsTool).toBe(true);
  expect(Object.keys(loadedNode('clarky').methods!.loadOptions!)).toEqual(['getAgents', 'getPipelineStages']);
  expect(typeof loadedNode('clarky').execute).toBe('function');
  const credential = loader.credentialTypes.clarkyApi!.type as ClarkyApi;
  expect(credential.test).toEqual(source.credential.test);
  expect(credential.authenticate).toEqual(source.credential.authenticate);
});
