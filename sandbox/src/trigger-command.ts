/** `npm run sandbox -- trigger <event> --agent <id>`: asks a running sandbox to fire an event, prints the outcome. */
import { controlUrl } from './control-routes';
import type { TriggeredEvent } from './event-dispatcher';

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
