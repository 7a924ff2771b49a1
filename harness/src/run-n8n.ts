/**
 * `npm run n8n [-- --port 5678] [--sandbox-port 4010]`: the sandbox and a real n8n with n8n-nodes-clarky installed
 * from its packed tarball, a Clarky credential pointing at the sandbox and an example workflow, until Ctrl-C.
 * The sandbox listens on its usual port so `npm run sandbox -- trigger <event>` reaches it from another terminal.
 */
import { parseArgs } from 'node:util';
import { EVENTS } from '@clarky/core';
import { DEFAULT_PORT, startSandbox, triggerCommandLine } from '@clarky/sandbox';
import { startClarkyN8n, type ClarkyN8n } from './clarky-n8n';
import { whenOrphaned } from './lifetime';
import { createClarkyTrigger } from './workflows';

const N8N_DEFAULT_PORT = 5678;

/** Prints while there is a terminal: once it is gone (Ctrl-C ended npm, the pty closed) writing fails quietly. */
function say(text: string) {
  try {
    process.stdout.write(`${text}\n`);
  } catch {
    // No one is reading any more; the cleanup goes on.
  }
}
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'sandbox-port': { type: 'string' } },
  });
  let running: ClarkyN8n | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      say(`\n${reason}: stopping n8n and the sandbox...`);
      stopWatching();
      await running?.stop();
      say('Stopped.');
    })();
    return stopping;
  };
  // Still starting (packing, n8n booting), leave at once: what is started is owned, and goes with this process.
  const leave = (reason: string) => {
    if (running) return void stop(reason);
    say(`\n${reason} while starting: leaving now; n8n and the throwaway folders go with this process.`);
    process.exit(130);
  };
  // Ctrl-C reaches npm, its shell, tsx and this process at once; tsx relays it again (and SIGKILLs a child that does
  // not answer within 30 ms: the watchdog cleans up then) and the terminal may close (SIGHUP). Every signal stays
  // handled until the cleanup is done.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, leave);
  // npm stopped alone (a supervisor's SIGTERM) ends its shell, and this process would live on under tsx.
  const stopWatching = whenOrphaned(() => leave('The command that started n8n is gone'));

  const started = await startClarkyN8n({
    port: Number(values.port ?? N8N_DEFAULT_PORT),
    sandbox: () => startSandbox({ port: Number(values['sandbox-port'] ?? DEFAULT_PORT) }),
    log: say,
  }).catch((error: unknown) => {
    stopWatching();
    throw error;
  });
  const { n8n, sandbox, credential } = started;
  try {
    const event = EVENTS[0]!.key;
    const { workflow: example } = await createClarkyTrigger(n8n, {
      name: 'Clarky Trigger example',
      credential,
      events: [event],
    });

    say(
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
        `Fire an event from another terminal: ${triggerCommandLine(sandbox, event)}`,
        'Ctrl-C stops both and deletes the throwaway n8n folder.',
      ].join('\n'),
    );
    running = started;
  } catch (error) {
    running = started;
    await stop('Could not start');
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
