/**
 * The Clarky Trigger in n8n 2.41.1 queue mode: main + one webhook processor + one worker on PostgreSQL and Redis.
 * Needs PGHOST/PGPORT/PGUSER/PGDATABASE and REDIS_URL (defaults 127.0.0.1:5432 postgres, redis://127.0.0.1:6379):
 * under CI=true a missing one fails the suite; elsewhere the suite is skipped with one line saying how to provide them.
 */
import { EVENTS, type Webhook } from '@clarky/core';
import { startSandbox, type Sandbox, type TriggeredEvent } from '@clarky/sandbox';
import {
  CLARKY_TRIGGER_NODE,
  createClarkyTrigger,
  finishedExecutions,
  nodeOutput,
  queueServicesFromEnv,
  queueServicesUnavailable,
  startClarkyQueueModeN8n,
  unpublish,
  waitFor,
  withN8nLog,
  type ClarkyTrigger,
  type Credential,
  type Execution,
  type QueueModeN8n,
} from '@clarky/n8n-harness';
import { publishedWebhook, webhooksOf } from './clarky-webhooks';
import { startForTests, toStderr } from './start-for-tests';

const TEST_MS = 180_000;

const services = queueServicesFromEnv();
const unavailable = queueServicesUnavailable(services);
if (unavailable && process.env.CI === 'true') throw new Error(`The n8n queue-mode suite cannot run: ${unavailable}.`);
if (unavailable) console.warn(`n8n queue-mode suite skipped: ${unavailable}.`);

(unavailable ? describe.skip : describe)('n8n queue mode: main + webhook processor + worker', () => {
  let sandbox: Sandbox;
  let n8n: QueueModeN8n;
  let credential: Credential;
  startForTests(
    () =>
      startClarkyQueueModeN8n({
        services,
        // Short retries, so a delivery outlasts a webhook processor restart (20-40 s) without slowing anything else.
        sandbox: () => startSandbox({ port: 0, delivery: { retryDelaysMs: Array<number>(45).fill(2_000) } }),
        log: toStderr,
      }),
    (started) => ({ sandbox, n8n, credential } = started),
  );
  const withLogs = (body: () => Promise<void>) => withN8nLog(() => n8n, body);

  const webhooksFor = (trigger: ClarkyTrigger) => webhooksOf(sandbox, trigger);

  /** Each execution was run by the worker (its log says so), not by main or the webhook processor. */
  function expectRunByWorker(executions: Execution[]) {
    const workerLog = n8n.readWorkerLogs();
    for (const execution of executions) expect(workerLog).toContain(`Worker finished execution ${execution.id} `);
  }

  const eventOf = (items: unknown[]) => String((items[0] as { event?: unknown } | undefined)?.event);
  const byEvent = (items: unknown[][]) => [...items].sort((a, b) => eventOf(a).localeCompare(eventOf(b)));

  let trigger: ClarkyTrigger;
  let webhook: Webhook;

  test(
    "activation on main registers exactly one webhook, at the webhook processor's URL",
    withLogs(async () => {
      trigger = await createClarkyTrigger(n8n.main, { credential, events: EVENTS.map((event) => event.key) });
      webhook = await publishedWebhook(n8n.main, sandbox, trigger);
      expect(webhook).toMatchObject({ url: trigger.url, has_bearer_token: true, enabled: true });
      expect(trigger.url.startsWith(`${n8n.webhookUrl}/webhook/`)).toBe(true);
    }),
    TEST_MS,
  );

  test(
    'all 16 events fired through Clarky: 16 executions run by the worker, each with the exact payload',
    withLogs(async () => {
      const fired: TriggeredEvent[] = await Promise.all(EVENTS.map(({ key }) => sandbox.trigger(key)));
      for (const triggered of fired)
        expect(triggered.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
      const executions = await finishedExecutions(n8n.main, trigger.workflow.id, EVENTS.length);
      expect(executions).toHaveLength(EVENTS.length);
      expect(executions.map((execution) => execution.status)).toEqual(EVENTS.map(() => 'success'));
      const outputs = executions.map((execution) => nodeOutput(execution, CLARKY_TRIGGER_NODE));
      expect(byEvent(outputs)).toEqual(byEvent(fired.map((triggered) => [triggered.payload])));
      expectRunByWorker(executions);
    }),
    TEST_MS,
  );

  test(
    'forged calls (no token, wrong token) get 401 from the webhook processor and start no execution',
    withLogs(async () => {
      const before = (await n8n.main.api.listExecutions(trigger.workflow.id)).length;
      const body = JSON.stringify({ event: 'contact.created', firstName: 'Mallory' });
      for (const headers of [{}, { authorization: 'Bearer not-the-token' }]) {
        const response = await fetch(trigger.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        expect(response.status).toBe(401);
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a wrongly queued job to show
      expect(await n8n.main.api.listExecutions(trigger.workflow.id)).toHaveLength(before);
    }),
    TEST_MS,
  );

  test(
    'a restart of main keeps the one webhook (same id), and deliveries still run',
    withLogs(async () => {
      await n8n.main.restart();
      expect(webhooksFor(trigger).map((each) => each.id)).toEqual([webhook.id]);
      const before = (await n8n.main.api.listExecutions(trigger.workflow.id)).length;
      const triggered = await sandbox.trigger('contact.created');
      expect(triggered.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
      const executions = await finishedExecutions(n8n.main, trigger.workflow.id, before + 1);
      expect(nodeOutput(executions.at(-1)!, CLARKY_TRIGGER_NODE)).toEqual([triggered.payload]);
    }),
    TEST_MS,
  );

  test(
    'with the webhook processor down Clarky retries; once it is back the delivery arrives and the worker runs it',
    withLogs(async () => {
      const before = (await n8n.main.api.listExecutions(trigger.workflow.id)).length;
      await n8n.stopWebhookProcessor();
      const delivery = sandbox.trigger('booking.created');
      await waitFor('a failed attempt while the webhook processor is down', async () =>
        sandbox.deliveries({ webhookId: webhook.id }).some((attempt) => attempt.state === 'retrying')
          ? true
          : undefined,
      );
      await n8n.startWebhookProcessor();
      const triggered = await delivery;
      const attempts = triggered.deliveries.map((attempt) => `${attempt.state} (${attempt.error ?? attempt.status})`);
      expect(attempts.length).toBeGreaterThan(1);
      expect(attempts.slice(0, -1).every((attempt) => attempt.startsWith('retrying'))).toBe(true);
      expect(attempts.at(-1)).toBe('delivered (200)');
      const executions = await finishedExecutions(n8n.main, trigger.workflow.id, before + 1);
      expect(nodeOutput(executions.at(-1)!, CLARKY_TRIGGER_NODE)).toEqual([triggered.payload]);
      expectRunByWorker(executions.slice(-1));
    }),
    TEST_MS,
  );

  test(
    'unpublishing removes the webhook from Clarky',
    withLogs(async () => {
      await unpublish(n8n.main, trigger.workflow.id);
      expect(webhooksFor(trigger)).toEqual([]);
    }),
    TEST_MS,
  );
});
