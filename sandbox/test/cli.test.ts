import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROUTES } from '@clarky/core';
import { deriveKeys, DEFAULT_SEED, type Sandbox } from '../src';
import { banner } from '../src/commands/start-banner';
import { DEFAULT_ORIGIN, runTrigger, triggerCommandLine } from '../src/commands/trigger';
import { call, EVENT, testSandbox } from './helpers';
import { startReceiver, type Receiver } from './receiver';

// Some tests start the CLI under tsx: seconds each on a busy 2-core machine.
jest.setTimeout(60_000);

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'src', 'cli.ts');
const REPO_ROOT = path.join(__dirname, '..', '..');

/** The shell commands a banner prints (curl and npm lines), as a user would copy them. */
const printedCommands = (text: string) =>
  text.split('\n').flatMap((line) => /(?:^|: )((?:curl|npm) .*)$/.exec(line.trim())?.[1] ?? []);

let sandbox: Sandbox;
let receiver: Receiver;
beforeEach(async () => {
  sandbox = await testSandbox({ seed: 'cli-test' });
  receiver = await startReceiver();
});
afterEach(async () => {
  await sandbox.close();
  await receiver.close();
});

const subscribe = () =>
  call(sandbox, 'POST', ROUTES.webhooks, { body: { name: 'CLI', url: receiver.url, events: [EVENT] } });

describe('the start banner', () => {
  it('shows the base URL, both keys, every agent and every sequence template (Start Sequence needs its id)', () => {
    const text = banner(sandbox);
    const agentIds = sandbox.agents.map((agent) => agent.id);
    const templateIds = sandbox.sequenceTemplates.map((template) => template.id);
    for (const shown of [sandbox.url, sandbox.keys.write, sandbox.keys.read, ...agentIds, ...templateIds])
      expect(text).toContain(shown);
  });

  it('has a three-line curl recipe that subscribes, triggers and shows the delivery', async () => {
    const recipe = banner(sandbox)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('curl '));
    expect(recipe).toHaveLength(3);
    const answers = [];
    for (const line of recipe) answers.push(JSON.parse((await run('sh', ['-c', line])).stdout));
    const [subscription, triggered, deliveries] = answers;
    expect(subscription.data.id).toMatch(/^wh_/);
    expect(triggered.data.deliveries).toEqual([expect.objectContaining({ state: 'delivered', status: 200 })]);
    expect(deliveries.data).toEqual(triggered.data.deliveries);
  });
});

describe('the printed trigger command', () => {
  it('is the short form for the default sandbox', () => {
    const line = triggerCommandLine({ origin: DEFAULT_ORIGIN, keys: deriveKeys(DEFAULT_SEED) }, EVENT, 'b_1');
    expect(line).toBe(`npm run sandbox -- trigger ${EVENT} --agent b_1`);
  });

  it('names the URL and the key of any other sandbox, quoted for the shell when needed', () => {
    const keys = { write: "it's-mine", read: 'r' };
    const line = triggerCommandLine({ origin: 'http://[::1]:4041', keys }, EVENT);
    expect(line).toBe(`npm run sandbox -- trigger ${EVENT} --url 'http://[::1]:4041' --key 'it'\\''s-mine'`);
  });
});

describe('the trigger command', () => {
  it('fires the event for the agent and reports each delivery', async () => {
    await subscribe();
    const agent = sandbox.agents[1]!;
    const lines = await runTrigger({ url: sandbox.origin, key: sandbox.keys.write, event: EVENT, agent: agent.id });
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body).botId).toBe(agent.id);
    expect(lines.join('\n')).toMatch(/^wh_\S+ POST \S+: delivered \(1 attempt, HTTP 200,/m);
  });

  it('accepts the base URL as well as the origin', async () => {
    const lines = await runTrigger({ url: sandbox.url, key: sandbox.keys.write, event: EVENT });
    expect(lines.join('\n')).toContain('No enabled webhook is subscribed');
  });

  it('passes on the sandbox refusal', async () => {
    const trigger = runTrigger({ url: sandbox.origin, key: sandbox.keys.write, event: 'nope.never' });
    await expect(trigger).rejects.toThrow(/HTTP 422.*is not an event/);
  });

  it('says how to start a sandbox when none answers', async () => {
    const trigger = runTrigger({ url: receiver.url.replace(/:\d+/, ':9'), key: 'k', event: EVENT });
    await expect(trigger).rejects.toThrow(/npm start/);
  });

  it('runs from the command line with the key derived from --seed', async () => {
    await subscribe();
    const args = ['--import', 'tsx', CLI, 'trigger', EVENT, '--url', sandbox.origin, '--seed', 'cli-test'];
    const { stdout } = await run(process.execPath, args);
    expect(stdout).toContain('delivered');
    expect(receiver.received).toHaveLength(1);
  });
});

describe('npm start', () => {
  it('prints commands that work when pasted as printed, on any port and seed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', '--port', '0', '--seed', 'paste-test']);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      while (!output.includes('Ctrl-C')) await new Promise((resolve) => setTimeout(resolve, 20));
      const commands = printedCommands(output);
      expect(commands.map((command) => command.split(' ', 2).join(' '))).toEqual([
        'curl -s',
        'curl -s',
        'curl -s',
        'npm run',
      ]);
      expect(commands[3]).toContain(' --url http://127.0.0.1:');
      // In order, from the repository root: subscribe, trigger, list the deliveries, trigger from the CLI.
      const outputs = [];
      for (const command of commands) outputs.push((await run('sh', ['-c', command], { cwd: REPO_ROOT })).stdout);
      expect(JSON.parse(outputs[1]!).data.deliveries).toEqual([expect.objectContaining({ state: 'delivered' })]);
      expect(outputs[3]).toMatch(/^wh_\S+ POST \S+: delivered \(1 attempt, HTTP 200,/m);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);

  it('serves with the keys it prints, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', '--port', '0', '--seed', 'start-test']);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!output.includes('Ctrl-C')) await new Promise((resolve) => setTimeout(resolve, 20));

    const baseUrl = /Base URL\s+(\S+)/.exec(output)![1]!;
    const writeKey = /Write key\s+(\S+)/.exec(output)![1]!;
    const answer = await fetch(baseUrl + ROUTES.agents, { headers: { Authorization: `Bearer ${writeKey}` } });
    expect(answer.status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
    await expect(fetch(baseUrl + ROUTES.agents)).rejects.toThrow();
  });
});
