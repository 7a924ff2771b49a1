/**
 * The Clarky Trigger in a real n8n, installed from the packed tarball as a community package, against the sandbox:
 * what a user gets after "Install" in Settings > Community Nodes and "Activate" on a workflow. One suite, run by one
 * test file per tested n8n line. One n8n per file; the first run on a machine also installs it into a cache.
 */
import { EVENTS, SAMPLE_AGENTS, createClarkyClient, type EventKey, type Webhook } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import type { Sandbox, TriggeredEvent } from '@clarky/sandbox';
import {
  CLARKY_TRIGGER_NODE,
  CLARKY_TRIGGER_PATH,
  createClarkyTrigger,
  expressionCounts,
  finishedExecutions as finishedExecutionsOf,
  nodeOutput,
  publish,
  majorOf,
  unpublish,
  unpublished,
  waitFor,
  withN8nLog as withN8nLogOf,
  type ClarkyTrigger,
  type Credential,
  type RunningN8n,
} from '@clarky/n8n-harness';
import { publishedWebhook, webhooksOf } from './clarky-webhooks';
import { clarkyN8nForTests } from './start-for-tests';

const TEST_MS = 120_000;
const CYCLES = 50;
const CYCLES_MS = 600_000;
const RESTARTS_MS = 600_000; // two restarts of a real n8n, with room for a busy machine (README: Set up)

/** Every test of the Clarky Trigger in a real n8n of `version` (one of the harness's N8N_VERSIONS). */
export function clarkyTriggerSuite(version: string): void {
  const n8nMajor = majorOf(version);

  let sandbox: Sandbox;
  let n8n: RunningN8n;
  let credential: Credential;
  // Metrics on for n8n's expression-engine counters (read by the version 1.1 test).
  clarkyN8nForTests({ version, env: { N8N_METRICS: 'true' } }, (started) => ({ sandbox, n8n, credential } = started));

  /** A test body whose failure message ends with what n8n logged. */
  const withN8nLog = (body: () => Promise<void>) => withN8nLogOf(() => n8n, body);

  interface TriggerInput {
    events: EventKey[];
    agents?: string[];
    options?: Record<string, unknown>;
    typeVersion?: 1 | 1.1;
  }

  const createTrigger = (input: TriggerInput) => createClarkyTrigger(n8n, { credential, ...input });

  const webhooksFor = (trigger: ClarkyTrigger) => webhooksOf(sandbox, trigger);
  const activate = (trigger: ClarkyTrigger) => publishedWebhook(n8n, sandbox, trigger);

  /** Deactivates; once n8n has taken the trigger down, Clarky must hold no webhook for it. */
  async function deactivate(trigger: ClarkyTrigger): Promise<void> {
    await unpublish(n8n, trigger.workflow.id);
    expect(webhooksFor(trigger)).toEqual([]);
  }

  /** Creates a workflow with the trigger, activates it, runs `body`, and always deactivates it again. */
  async function withActiveTrigger(
    input: TriggerInput,
    body: (trigger: ClarkyTrigger, webhook: Webhook) => Promise<void>,
  ) {
    const trigger = await createTrigger(input);
    try {
      await body(trigger, await activate(trigger));
    } catch (error) {
      // Cleaned up all the same, but the failure reported is the body's, not one the clean-up adds.
      await deactivate(trigger).catch(() => {});
      throw error;
    }
    await deactivate(trigger);
  }

  /** Waits for `count` finished executions of the trigger's workflow, oldest first. */
  const finishedExecutions = (trigger: ClarkyTrigger, count: number) =>
    finishedExecutionsOf(n8n, trigger.workflow.id, count);

  /** The items the trigger put out in its first `count` finished executions, oldest first. */
  async function outputsOf(trigger: ClarkyTrigger, count: number): Promise<unknown[][]> {
    const executions = await finishedExecutions(trigger, count);
    return executions.map((execution) => nodeOutput(execution, CLARKY_TRIGGER_NODE));
  }

  /** The body each delivery of an event carried, parsed. */
  function deliveredBodies(triggered: TriggeredEvent): unknown[] {
    return triggered.deliveries.map((attempt) => JSON.parse(attempt.request.body ?? 'null'));
  }

  test(
    'activating registers exactly one webhook with the production URL, the chosen events and agents, and a token',
    withN8nLog(async () => {
      const agents = [SAMPLE_AGENTS[0].id, SAMPLE_AGENTS[2].id];
      const events: EventKey[] = ['booking.created', 'conversation.bad_sentiment'];
      await withActiveTrigger({ events, agents }, async (trigger, webhook) => {
        expect(webhook).toMatchObject({
          url: trigger.url,
          method: 'POST',
          events,
          bot_ids: agents,
          has_bearer_token: true,
          enabled: true,
          payload_template: null,
        });
        expect(webhook.name).toContain(trigger.workflow.name);
      });
    }),
    TEST_MS,
  );

  test(
    'each of the 16 events fired in Clarky yields exactly one execution whose output is the payload Clarky sent',
    withN8nLog(async () => {
      await withActiveTrigger({ events: EVENTS.map((event) => event.key) }, async (trigger) => {
        const fired: TriggeredEvent[] = [];
        for (const { key } of EVENTS) fired.push(await sandbox.trigger(key));
        for (const triggered of fired) {
          expect(triggered.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
          expect(deliveredBodies(triggered)).toEqual([triggered.payload]);
        }

        const executions = await finishedExecutions(trigger, fired.length);
        expect(executions.map((execution) => execution.status)).toEqual(fired.map(() => 'success'));
        const outputs = executions.map((execution) => nodeOutput(execution, CLARKY_TRIGGER_NODE));
        const eventOf = (items: unknown[]) => String((items[0] as { event?: unknown } | undefined)?.event);
        const byEvent = (items: unknown[][]) => [...items].sort((a, b) => eventOf(a).localeCompare(eventOf(b)));
        expect(byEvent(outputs)).toEqual(byEvent(fired.map((triggered) => [triggered.payload])));
      });
    }),
    TEST_MS,
  );

  test(
    "a forged request (no token, wrong token) is refused with 401 at the URL built from the node's declared path, and starts no execution",
    withN8nLog(async () => {
      await withActiveTrigger({ events: ['contact.created'] }, async (trigger) => {
        const body = JSON.stringify({ event: 'contact.created', firstName: 'Mallory' });
        const forged = [{}, { authorization: 'Bearer not-the-token' }, { authorization: 'Basic bm90OnRoZS10b2tlbg==' }];
        for (const headers of forged) {
          const response = await fetch(trigger.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
          });
          expect(response.status).toBe(401);
        }
        // The 401 comes from the node at the path it declares: another path under the same webhook id is not served.
        const elsewhere = await fetch(trigger.url.replace(new RegExp(`/${CLARKY_TRIGGER_PATH}$`), '/not-the-path'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(elsewhere.status).toBe(404);
        // A genuine delivery afterwards is the only execution: the forged ones left nothing behind.
        const genuine = await sandbox.trigger('contact.created');
        expect(await outputsOf(trigger, 1)).toEqual([[genuine.payload]]);
      });
    }),
    TEST_MS,
  );

  test(
    'a body that is not a JSON object, sent with the right token, is refused (422 by n8n, 400 by the node) and starts no execution',
    withN8nLog(async () => {
      await withActiveTrigger({ events: ['contact.created'] }, async (trigger, webhook) => {
        // The token Clarky was given at create, as Clarky sends it (n8n keeps only what it needs to check it).
        const token = sandbox.bearerTokenOf(webhook.id);
        expect(token).toEqual(expect.any(String));
        const send = (contentType: string, body: string) =>
          fetch(trigger.url, {
            method: 'POST',
            headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
            body,
          });
        // [content type, body, status]: n8n's own JSON parser refuses malformed JSON it was told is JSON (422) before
        // the node runs; the node refuses what n8n passes on unparsed or parsed to something other than an object.
        const refused = [
          ['application/json', '{"event": "contact.created", ', 422],
          ['text/plain', '{"event": "contact.created", ', 400],
          ['application/json', '', 400],
          ['application/json', '[1, 2]', 400],
          ['application/json', '"contact.created"', 400],
        ] as const;
        const answered = [];
        for (const [contentType, body] of refused)
          answered.push([contentType, body, (await send(contentType, body)).status]);
        expect(answered).toEqual(refused);
        // The same token with a JSON object is accepted: the refusals were for the bodies, and left no execution.
        const valid = { event: 'contact.created', firstName: 'Trent' };
        expect((await send('application/json', JSON.stringify(valid))).status).toBe(200);
        expect(await outputsOf(trigger, 1)).toEqual([[valid]]);
      });
    }),
    TEST_MS,
  );

  /** Expressions n8n has evaluated so far (its /metrics, both lines). */
  async function expressionsEvaluated(): Promise<number> {
    const { evaluations } = await expressionCounts(n8n.url);
    if (Number.isNaN(evaluations)) throw new Error(`n8n ${version} counts no expression evaluations on /metrics`);
    return evaluations;
  }

  test(
    'version 1.1 answers every body as version 1 does, and n8n evaluates one expression less per request (none on 2.x)',
    withN8nLog(async () => {
      // [Content-Type, body, status]. For 1.1 n8n reads only the bodies of types it parses; the node reads the others.
      const cases = [
        ['application/json', '{"event": "contact.created", "sent": "json"}', 200],
        ['application/json', '{"event": "contact.created", ', 422],
        ['text/plain', '{"event": "contact.created", "sent": "text"}', 200],
        [undefined, '{"event": "contact.created", "sent": "no type"}', 200],
        ['application/octet-stream', '{"event": "contact.created", "sent": "octet-stream"}', 200],
        ['application/octet-stream', '{"event": "contact.created", ', 400],
        [undefined, '', 400],
        // n8n parses a form itself, into fields: not a JSON object.
        [
          'multipart/form-data; boundary=XX',
          '--XX\r\nContent-Disposition: form-data; name="event"\r\n\r\nx\r\n--XX--\r\n',
          415,
        ],
      ] as const;
      const accepted = cases.filter(([, , status]) => status === 200).map(([, body]) => [JSON.parse(body)]);
      const evaluations: number[] = [];
      for (const typeVersion of [1, 1.1] as const) {
        await withActiveTrigger({ events: ['contact.created'], typeVersion }, async (trigger, webhook) => {
          const authorization = `Bearer ${sandbox.bearerTokenOf(webhook.id)}`;
          const before = await expressionsEvaluated();
          const answered = [];
          for (const [contentType, body, status] of cases) {
            const headers = { authorization, ...(contentType ? { 'content-type': contentType } : {}) };
            // Bytes, not a string: fetch would add a Content-Type of its own to a string.
            const response = await fetch(trigger.url, { method: 'POST', headers, body: Buffer.from(body) });
            answered.push([
              contentType,
              body,
              response.status === status ? status : `${response.status} ${await response.text()}`,
            ]);
          }
          expect(answered).toEqual(cases);
          expect(await outputsOf(trigger, accepted.length)).toEqual(accepted);
          evaluations.push((await expressionsEvaluated()) - before);
        });
      }
      process.stderr.write(`expressions evaluated for ${cases.length} requests, version 1 and 1.1: ${evaluations}\n`);
      // Per request to a version-1 start node n8n evaluates the Webhook node v1's binaryData option; n8n 1.x also the
      // trigger's HTTP method template, which 2.41 resolves natively.
      const perRequest = n8nMajor >= 2 ? [1, 0] : [2, 1];
      expect(evaluations).toEqual(perRequest.map((count) => count * cases.length));
    }),
    TEST_MS,
  );

  /** A GET delivery's item: the payload's top-level fields as Clarky puts them in the query string (strings). */
  function asQueryFields(payload: object): Record<string, string> {
    return Object.fromEntries(
      Object.entries(payload).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value),
      ]),
    );
  }

  test.each([
    { method: 'PUT', item: (payload: object): object => payload },
    { method: 'GET', item: asQueryFields },
  ] as const)(
    'with HTTP method $method, Clarky calls with $method and the execution item is what it sent',
    ({ method, item }) =>
      withN8nLog(async () => {
        await withActiveTrigger(
          { events: ['booking.confirmed'], options: { httpMethod: method } },
          async (trigger, webhook) => {
            expect(webhook.method).toBe(method);
            const triggered = await sandbox.trigger('booking.confirmed');
            expect(triggered.deliveries.map((attempt) => [attempt.request.method, attempt.status])).toEqual([
              [method, 200],
            ]);
            // Without the token n8n's route for this method still answers the node's 401.
            expect((await fetch(trigger.url, { method })).status).toBe(401);
            expect(await outputsOf(trigger, 1)).toEqual([[item(triggered.payload)]]);
          },
        );
      })(),
    TEST_MS,
  );

  test(
    "a custom template's rendered payload arrives as the output",
    withN8nLog(async () => {
      const payloadTemplate =
        '{\n  "who": "{{firstName}} {{lastName}}",\n  "score": {{sentimentScore}},\n  "about": "{{event}}"\n}';
      await withActiveTrigger(
        { events: ['conversation.started'], options: { payloadTemplate } },
        async (trigger, webhook) => {
          expect(webhook.payload_template).toBe(payloadTemplate);
          // Values that break naive substitution: quotes, a backslash, a newline.
          const triggered = await sandbox.trigger('conversation.started', {
            overrides: { firstName: 'Zoë "Z"', lastName: 'Back\\slash\nNewline' },
          });
          const { firstName, lastName, sentimentScore, event } = triggered.payload;
          const expected = { who: `${firstName} ${lastName}`, score: sentimentScore, about: event };
          expect(expected.who).toBe('Zoë "Z" Back\\slash\nNewline');

          expect(await outputsOf(trigger, 1)).toEqual([[expected]]);
        },
      );
    }),
    TEST_MS,
  );

  test(
    'a bad template fails activation with where the mistake is, and registers nothing',
    withN8nLog(async () => {
      const before = sandbox.webhooks().length;
      const trigger = await createTrigger({
        events: ['booking.created'],
        options: { payloadTemplate: '{\n  "name": "{{firstname}}"\n}' },
      });
      try {
        // n8n 2.x publishes in the background and the editor shows each trigger's error; 1.x answers with it.
        const publication = await publish(n8n, trigger.workflow.id);
        expect(publication.status).toBe('failed');
        const [error] = publication.triggers.map((triggerStatus) => triggerStatus.errorMessage ?? '');
        expect(error).toMatch(/line 2, column \d+/i);
        expect(error).toContain('{{firstName}}');
        expect(sandbox.webhooks()).toHaveLength(before);
      } finally {
        await unpublish(n8n, trigger.workflow.id);
      }
    }),
    TEST_MS,
  );

  test(
    'deactivating deletes the webhook from Clarky',
    withN8nLog(async () => {
      const trigger = await createTrigger({ events: ['booking.cancelled'] });
      const webhook = await activate(trigger);
      await unpublish(n8n, trigger.workflow.id);
      expect(sandbox.webhooks().map((stored) => stored.id)).not.toContain(webhook.id);
    }),
    TEST_MS,
  );

  test(
    'a webhook deleted in Clarky while the workflow is active is recreated on reactivation',
    withN8nLog(async () => {
      await withActiveTrigger({ events: ['escalation.requested'] }, async (trigger, original) => {
        const clarky = createClarkyClient({
          baseUrl: sandbox.url,
          apiKey: sandbox.keys.write,
          transport: fetchTransport(),
        });
        await clarky.deleteWebhook(original.id);
        expect(webhooksFor(trigger)).toEqual([]);

        await unpublish(n8n, trigger.workflow.id);
        const recreated = await activate(trigger);
        expect(recreated.id).not.toBe(original.id);
        expect(recreated).toMatchObject({ url: trigger.url, events: ['escalation.requested'], has_bearer_token: true });

        // The new registration's token is the one n8n now checks.
        const triggered = await sandbox.trigger('escalation.requested');
        expect(triggered.deliveries.map((attempt) => attempt.status)).toEqual([200]);
        expect(await outputsOf(trigger, 1)).toEqual([[triggered.payload]]);
      });
    }),
    TEST_MS,
  );

  if (n8nMajor >= 2) {
    test(
      'a published workflow: deleting it is refused while it listens; archived, it is unpublished and its webhook removed; then deleted',
      withN8nLog(async () => {
        const trigger = await createTrigger({ events: ['booking.rescheduled'] });
        const webhook = await activate(trigger);
        // n8n 2.x: "Cannot delete a published workflow. Unpublish it before deleting." Nothing changes in Clarky.
        await expect(n8n.api.deleteWorkflow(trigger.workflow.id)).rejects.toMatchObject({ status: 409 });
        expect(webhooksFor(trigger)).toEqual([webhook]);

        // Archiving (the editor's "Archive", needed before "Delete") unpublishes: the node's delete runs.
        await n8n.api.archiveWorkflow(trigger.workflow.id);
        await unpublished(n8n, trigger.workflow.id);
        expect(webhooksFor(trigger)).toEqual([]);
        await n8n.api.deleteWorkflow(trigger.workflow.id);
        expect(sandbox.webhooks().map((stored) => stored.id)).not.toContain(webhook.id);
        expect((await fetch(trigger.url, { method: 'POST' })).status).toBe(404);
      }),
      TEST_MS,
    );
  } else {
    test(
      'an active workflow deleted (n8n 1.x deletes it at once): its webhook is removed from Clarky',
      withN8nLog(async () => {
        const trigger = await createTrigger({ events: ['booking.rescheduled'] });
        const webhook = await activate(trigger);
        await n8n.api.deleteWorkflow(trigger.workflow.id);
        expect(sandbox.webhooks().map((stored) => stored.id)).not.toContain(webhook.id);
        expect((await fetch(trigger.url, { method: 'POST' })).status).toBe(404);
      }),
      TEST_MS,
    );
  }

  test(
    `${CYCLES} publish/unpublish cycles of one workflow never show more than one webhook at its URL, and none at the end`,
    withN8nLog(async () => {
      const trigger = await createTrigger({ events: ['message.received'] });
      const before = sandbox.webhooks().length;
      // The sandbox runs in this process: a 1 ms poll sees its store between any two requests n8n makes to it.
      let most = 0;
      const watch = setInterval(() => (most = Math.max(most, webhooksFor(trigger).length)), 1);
      const started = performance.now();
      try {
        for (let cycle = 0; cycle < CYCLES; cycle++) {
          await activate(trigger); // exactly one once published
          await deactivate(trigger); // none once unpublished
        }
      } finally {
        clearInterval(watch);
      }
      process.stderr.write(`${CYCLES} publish/unpublish cycles: ${Math.round(performance.now() - started)} ms\n`);
      expect(most).toBe(1);
      expect(webhooksFor(trigger)).toEqual([]);
      expect(sandbox.webhooks()).toHaveLength(before);
    }),
    CYCLES_MS,
  );

  /**
   * After a restart: n8n serves the trigger's URL again and refuses calls without the token or with a wrong one; Clarky
   * still holds the one webhook it held (same id, untouched) with the same token. Returns what a delivery then carried.
   */
  async function expectKeptAcrossRestart(trigger: ClarkyTrigger, webhook: Webhook, token: string | null | undefined) {
    const unsigned = await waitFor(`n8n to serve ${trigger.url} again`, async () => {
      const response = await fetch(trigger.url, { method: 'POST' });
      return response.status === 404 ? undefined : response.status;
    });
    expect(unsigned).toBe(401);
    const forged = await fetch(trigger.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token' },
      body: JSON.stringify({ event: webhook.events[0] }),
    });
    expect(forged.status).toBe(401);
    expect(webhooksFor(trigger)).toEqual([webhook]);
    expect(sandbox.bearerTokenOf(webhook.id)).toBe(token);

    const triggered = await sandbox.trigger(webhook.events[0] as EventKey);
    expect(triggered.deliveries.map((attempt) => [attempt.webhook_id, attempt.status])).toEqual([[webhook.id, 200]]);
    return triggered.payload;
  }

  // Last in the file: it restarts the n8n every test shares (and leaves it running as the other tests had it).
  test(
    'after n8n restarts, a published workflow keeps its one webhook and token in Clarky, still delivers, and still refuses forged calls',
    withN8nLog(async () => {
      await withActiveTrigger({ events: ['contact.updated'] }, async (trigger, webhook) => {
        const token = sandbox.bearerTokenOf(webhook.id);
        const delivered: unknown[][] = [];

        // n8n 1.x, and 2.x without the publication service: startup activates each published workflow and the node's
        // checkExists decides whether to create: it must find its webhook and create nothing. 2.x's default restores
        // published workflows from its database without asking the node.
        const restarts: Array<Record<string, string>> =
          n8nMajor >= 2 ? [{ N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' }, {}] : [{}];
        for (const env of restarts) {
          await n8n.restart({ env });
          delivered.push([await expectKeptAcrossRestart(trigger, webhook, token)]);
          expect(await outputsOf(trigger, delivered.length)).toEqual(delivered);
        }
      });
    }),
    RESTARTS_MS,
  );
}
