/** `npm run sandbox -- trigger <event> --agent <id>`: asks a running sandbox to fire an event, prints the outcome. */
import { controlUrl } from '../http/sandbox-paths';
import type { TriggeredEvent } from '../delivery/event-dispatcher';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SEED, type Sandbox } from '../sandbox';
import { deriveKeys } from '../workspace/api-keys';

/** Where `trigger` looks for a sandbox when no --url is given. */
export const DEFAULT_ORIGIN = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

export interface TriggerCommand {
  /** The sandbox's origin (a base URL ending in /api/v1 works too). */
  readonly url: string;
  readonly key: string;
  readonly event: string;
  readonly agent?: string;
}

/** The lines to print; throws an Error whose message says what to do when the sandbox refused or is absent. */
export async function runTrigger(command: TriggerCommand): Promise<string[]> {
  const origin = new URL(command.url).origin;
  let response: Response;
  try {
    response = await fetch(controlUrl(origin, 'events'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${command.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: command.event, bot_id: command.agent }),
    });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`No sandbox answered at ${origin} (${cause}); start one with \`npm start\` or pass --url.`);
  }
  const body = (await response.json().catch(() => undefined)) as
    { data?: TriggeredEvent; error?: { message?: string } } | undefined;
  if (!response.ok || !body?.data) {
    throw new Error(`The sandbox refused the event (HTTP ${response.status}): ${body?.error?.message ?? 'no details'}`);
  }
  return describe(body.data);
}

/**
 * The `npm run sandbox -- trigger` line that reaches this sandbox when pasted as printed (in the repository):
 * with --url when it is not at the default origin and --key when its write key is not the default seed's.
 */
export function triggerCommandLine(sandbox: Pick<Sandbox, 'origin' | 'keys'>, event: string, agent?: string): string {
  const words = ['npm', 'run', 'sandbox', '--', 'trigger', event];
  if (agent !== undefined) words.push('--agent', agent);
  if (sandbox.origin !== DEFAULT_ORIGIN) words.push('--url', sandbox.origin);
  if (sandbox.keys.write !== deriveKeys(DEFAULT_SEED).write) words.push('--key', sandbox.keys.write);
  return words.map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back unchanged: as is when plain, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function describe(triggered: TriggeredEvent): string[] {
  const finals = triggered.deliveries.filter((attempt) => attempt.state !== 'retrying');
  const lines = [
    `Triggered ${triggered.event} (${triggered.id}) for agent ${triggered.bot_id}.`,
    JSON.stringify(triggered.payload, null, 2),
  ];
  if (finals.length === 0) lines.push('No enabled webhook is subscribed to this event for this agent.');
  for (const attempt of finals) {
    const status = attempt.status === null ? '' : ` HTTP ${attempt.status},`;
    const tries = attempt.attempt === 1 ? '1 attempt' : `${attempt.attempt} attempts`;
    lines.push(
      `${attempt.webhook_id} ${attempt.request.method} ${attempt.request.url}: ${attempt.state} (${tries},${status}` +
        ` ${attempt.duration_ms} ms)${attempt.error ? ` ${attempt.error}` : ''}`,
    );
  }
  return lines;
}
