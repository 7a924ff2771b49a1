/**
 * The sandbox's command line (`npm start`, `npm run sandbox -- ...`):
 *   start   [--port 4010] [--host 127.0.0.1] [--seed <text>] [--write-key <key>] [--read-key <key>]
 *   trigger <event> [--agent <bot id>] [--url http://127.0.0.1:4010] [--key <write key>] [--seed <text>]
 */
import { parseArgs } from 'node:util';
import { banner } from './commands/start-banner';
import { DEFAULT_ORIGIN, runTrigger } from './commands/trigger';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SEED, startSandbox } from './sandbox';
import { deriveKeys } from './workspace/api-keys';

const USAGE = `Usage:
  npm start -- [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--seed <text>] [--write-key <key>] [--read-key <key>]
  npm run sandbox -- trigger <event> [--agent <bot id>] [--url ${DEFAULT_ORIGIN}] [--key <write key>] [--seed <text>]`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'write-key': { type: 'string' },
      'read-key': { type: 'string' },
      agent: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  const seed = values.seed ?? DEFAULT_SEED;

  if (values.help || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 1 : 0;
  }
  if (command === 'start') {
    const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
    const sandbox = await startSandbox({
      port,
      host: values.host,
      seed,
      keys: { write: values['write-key'], read: values['read-key'] },
      log: (line) => console.log(`[sandbox] ${line}`),
    }).catch((error: Error & { code?: string }) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw new Error(`Port ${port} is taken (a sandbox already running?); pass --port <n> or set PORT.`);
    });
    console.log(banner(sandbox));
    const parent = process.ppid;
    let stopping = false;
    // Handlers stay on: a second Ctrl-C while closing must not kill the process halfway.
    const stop = (reason: string) => {
      if (stopping) return;
      stopping = true;
      clearInterval(orphanWatch);
      console.log(`\n${reason}: stopping the sandbox (pending retries are called off).`);
      void sandbox.close().then(() => console.log('Stopped.'));
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
    // `npm start` stopped by a signal kills only its shell, not this process: stop once orphaned.
    const orphanWatch = setInterval(() => process.ppid !== parent && stop('Parent process gone'), 500).unref();
    return 0;
  }
  if (command === 'trigger' && rest.length === 1) {
    const lines = await runTrigger({
      url: values.url ?? DEFAULT_ORIGIN,
      key: values.key ?? deriveKeys(seed).write,
      event: rest[0]!,
      agent: values.agent,
    });
    console.log(lines.join('\n'));
    return 0;
  }
  console.error(USAGE);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
