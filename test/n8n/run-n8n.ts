/**
 * `npm run n8n [-- --port 5678] [--sandbox-port 4010]`: the sandbox and a real n8n with n8n-nodes-clarky installed
 * from its packed tarball, a Clarky credential pointing at the sandbox and an example workflow, until Ctrl-C.
 * The sandbox listens on its usual port so `npm run sandbox -- trigger <event>` reaches it from another terminal.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EVENTS } from '@clarky/core';
import { DEFAULT_PORT, startSandbox, type Sandbox } from '@clarky/sandbox';
import { startN8n, type RunningN8n } from './harness';
import { packNodePackage } from './node-package';
import { clarkyTriggerWorkflow, createSandboxCredential } from './workflows';

const N8N_DEFAULT_PORT = 5678;

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'sandbox-port': { type: 'string' } },
  });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'clarky-run-n8n-'));
  let sandbox: Sandbox | undefined;
  let n8n: RunningN8n | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      console.log('\nStopping n8n and the sandbox...');
      await n8n?.stop();
      await sandbox?.close();
      await rm(workDir, { recursive: true, force: true });
      console.log('Stopped.');
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  try {
    console.log('Building and packing n8n-nodes-clarky...');
    const tarball = await packNodePackage(workDir);
    sandbox = await startSandbox({ port: Number(values['sandbox-port'] ?? DEFAULT_PORT) });
    n8n = await startN8n({
      port: Number(values.port ?? N8N_DEFAULT_PORT),
      communityPackages: [tarball],
      log: (line) => console.log(line),
    });
    const credential = await createSandboxCredential(n8n, sandbox);
    const event = EVENTS[0]!.key;
    const example = await n8n.api.createWorkflow(
      clarkyTriggerWorkflow({ name: 'Clarky Trigger example', webhookId: randomUUID(), credential, events: [event] }),
    );

    console.log(
      [
        '',
        `n8n is running with n8n-nodes-clarky installed: ${n8n.url}`,
        `  Log in as   ${n8n.owner.email} / ${n8n.owner.password}`,
        `  Example     ${n8n.url}/workflow/${example.id} (Clarky Trigger on ${event}: open it and publish it)`,
        `  Credential  "${credential.name}" -> ${sandbox.url}`,
        `  n8n log     ${n8n.logFile}`,
        '',
        `Clarky sandbox: ${sandbox.url}`,
        `  Write key   ${sandbox.keys.write}`,
        `  Read key    ${sandbox.keys.read}`,
        `  Agents      ${sandbox.agents.map((agent) => `${agent.id} (${agent.name})`).join(', ')}`,
        '',
        `Fire an event from another terminal: npm run sandbox -- trigger ${event}` +
          (sandbox.origin.endsWith(`:${DEFAULT_PORT}`) ? '' : ` --url ${sandbox.origin}`),
        'Ctrl-C stops both and deletes the throwaway n8n folder.',
      ].join('\n'),
    );
  } catch (error) {
    await stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
