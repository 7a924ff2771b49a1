/**
 * Many workflows at once under Clarky's rate limits, as when n8n publishes or restarts hundreds of them: activation
 * waits out 429s instead of failing (n8n never retries a failed activation), and the startup checks share one
 * webhook listing instead of one read each. The sandbox's limits are scaled down so that this takes seconds.
 */
import { randomUUID } from 'node:crypto';
import { type EventKey } from '@clarky/core';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { clarkyTrigger, type N8nTrigger } from './n8n-runtime';

/** n8n after a restart: the node's modules loaded afresh (nothing kept in memory), in an n8n-core of its own. */
let restarted!: typeof import('./n8n-runtime');
jest.isolateModules(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second copy is the point: import() would share
  restarted = require('./n8n-runtime') as typeof import('./n8n-runtime');
});

jest.setTimeout(120_000);

const EVENTS: EventKey[] = ['booking.no_show'];

interface RecordingSandbox {
  readonly sandbox: Sandbox;
  /** Each request the sandbox answered, as "METHOD /path STATUS". */
  readonly answered: string[];
}

/** A sandbox with these rate limits for the enclosing describe block. */
function sandboxWithLimits(rateLimits: { reads: number; writes: number; windowMs: number }): () => RecordingSandbox {
  let running: RecordingSandbox | undefined;
  beforeAll(async () => {
    const answered: string[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rateLimits,
      log: (line) => {
        const request = /^([A-Z]+) (\/\S*) (\d{3}) /.exec(line);
        if (request) answered.push(`${request[1]} ${request[2]} ${request[3]}`);
      },
    });
    running = { sandbox, answered };
  });
  afterAll(async () => {
    await running?.sandbox.close();
  });
  return () => running!;
}

/** `count` workflows, each with its own Clarky Trigger (own webhook id, so own URL) on the sandbox. */
function workflows(sandbox: Sandbox, count: number, options: { test?: boolean } = {}): N8nTrigger[] {
  return Array.from({ length: count }, (_, index) =>
    clarkyTrigger({
      credentials: { apiKey: sandbox.keys.write, baseUrl: sandbox.url },
      parameters: { events: EVENTS },
      workflowName: `Workflow ${index + 1}`,
      webhookId: randomUUID(),
      ...options,
    }),
  );
}

describe('activating many workflows at once', () => {
  // 4 writes per 2 s: 24 activations at once must queue behind 429s with Retry-After.
  const limited = sandboxWithLimits({ reads: 1_000, writes: 4, windowMs: 2_000 });

  it('registers every one exactly once, waiting out every 429 Clarky answers', async () => {
    const { sandbox, answered } = limited();
    const triggers = workflows(sandbox, 24);

    const results = await Promise.allSettled(triggers.map(async (trigger) => await trigger.webhookMethod('create')));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const webhooks = sandbox.webhooks();
    expect(webhooks).toHaveLength(24);
    expect(new Set(webhooks.map((webhook) => webhook.url)).size).toBe(24);
    expect(webhooks.map((webhook) => webhook.id).sort()).toEqual(
      triggers.map((trigger) => trigger.staticData.webhookId).sort(),
    );
    // The limit was really hit: some creates were refused and retried.
    expect(answered.filter((line) => line.startsWith('POST /api/v1/webhooks 429')).length).toBeGreaterThan(0);
    // The creates of a burst share one listing of the account to find what sits at their URLs: one read, not 24.
    expect(answered.filter((line) => line.startsWith('GET /api/v1/webhooks ')).length).toBe(1);
  });
});

describe("n8n's startup checks (checkExists of every active workflow)", () => {
  const roomy = sandboxWithLimits({ reads: 1_000, writes: 1_000, windowMs: 60_000 });

  it('share one listing of the account, and still see exactly which webhook drifted', async () => {
    const { sandbox, answered } = roomy();
    const triggers = workflows(sandbox, 30);
    for (const trigger of triggers) await trigger.webhookMethod('create');
    // Someone edits one webhook in Clarky: that workflow alone must be registered again.
    const edited = triggers[7]!.staticData.webhookId as string;
    await fetch(`${sandbox.url}/webhooks/${edited}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${sandbox.keys.write}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: ['contact.created'] }),
    });
    answered.length = 0;
    // The same workflows, with what they saved, in the restarted n8n.
    const afterRestart = triggers.map((trigger) =>
      restarted.clarkyTrigger({
        credentials: { apiKey: sandbox.keys.write, baseUrl: sandbox.url },
        parameters: trigger.node.parameters,
        staticData: trigger.staticData,
        webhookId: trigger.node.webhookId,
      }),
    );

    const exists = await Promise.all(afterRestart.map(async (trigger) => await trigger.webhookMethod('checkExists')));

    expect(exists.map((found, index) => (found ? -1 : index)).filter((index) => index >= 0)).toEqual([7]);
    // 30 checks, one read: a single page of the listing (30 webhooks fit in one page of 100).
    expect(answered).toEqual(['GET /api/v1/webhooks 200']);
  });

  it("never answer from a listing older than this process's own changes", async () => {
    const { sandbox } = roomy();
    const [trigger] = workflows(sandbox, 1);
    await trigger!.webhookMethod('create');
    await expect(trigger!.webhookMethod('checkExists')).resolves.toBe(true);

    await trigger!.webhookMethod('delete');
    await trigger!.webhookMethod('create');

    // The listing read before the delete would not hold the new webhook.
    await expect(trigger!.webhookMethod('checkExists')).resolves.toBe(true);
  });
});

describe('a test listen in the editor', () => {
  // One write a minute: the second create gets a 429 asking for about a minute's wait.
  const exhausted = sandboxWithLimits({ reads: 1_000, writes: 1, windowMs: 60_000 });

  it('does not make the person waiting sit out a long rate limit: it says so at once', async () => {
    const { sandbox, answered } = exhausted();
    const [first] = workflows(sandbox, 1);
    const [listening] = workflows(sandbox, 1, { test: true });
    await first!.webhookMethod('create');

    await expect(listening!.webhookMethod('create')).rejects.toThrow(/rate limiting.*retry after \d+ s/);

    expect(answered.filter((line) => line.startsWith('POST /api/v1/webhooks 429'))).toHaveLength(1);
    expect(sandbox.webhooks()).toHaveLength(1);
  });
});
