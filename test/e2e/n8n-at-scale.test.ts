/**
 * Many Clarky Triggers in a real n8n 2.41 under Clarky's rate limits, scaled down to 20 writes and 40 reads a minute
 * (a third of the documented 60 and 120): 40 workflows published 10 at a time all register exactly one webhook,
 * waiting out the 429s (n8n never retries a failed publication). Then a restart on the path that calls checkExists
 * for every workflow (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false, as n8n 1.x starts) keeps the 40 webhooks and reads
 * the listing once per few seconds, not once per workflow; afterwards every workflow runs Clarky's deliveries.
 */
import { readFileSync } from 'node:fs';
import { type EventKey } from '@clarky/core';
import { startSandbox } from '@clarky/sandbox';
import {
  CLARKY_TRIGGER_NODE,
  createClarkyTrigger,
  nodeOutput,
  publish,
  waitFor,
  withN8nLog,
  type ClarkyN8n,
  type ClarkyTrigger,
  type PublicationStatus,
} from '@clarky/n8n-harness';
import { clarkyN8nForTests } from './start-for-tests';

const TEST_MS = 300_000;

const WORKFLOWS = 40;
const AT_A_TIME = 10;
const EVENT: EventKey = 'booking.no_show';
const RATE_LIMITS = { reads: 40, writes: 20, windowMs: 60_000 };

describe(`${WORKFLOWS} Clarky Triggers in n8n at ${RATE_LIMITS.writes} writes a minute`, () => {
  let running: ClarkyN8n;
  /** Each API request the sandbox answered, as "METHOD /path STATUS", in order. */
  const answered: string[] = [];
  const triggers: ClarkyTrigger[] = [];
  clarkyN8nForTests(
    {
      sandbox: () =>
        startSandbox({
          port: 0,
          rateLimits: RATE_LIMITS,
          log: (line) => {
            const request = /^([A-Z]+) (\/\S*) (\d{3}) /.exec(line);
            if (request) answered.push(`${request[1]} ${request[2]} ${request[3]}`);
          },
        }),
    },
    (started) => (running = started),
  );
  const withLog = (body: () => Promise<void>) => withN8nLog(() => running.n8n, body);

  /** How many answers since `from` were `METHOD /api/v1/webhooks... STATUS` (any status when absent). */
  const count = (from: number, method: string, status?: number) =>
    answered
      .slice(from)
      .filter((line) => line.startsWith(`${method} /api/v1/webhooks`) && (!status || line.endsWith(` ${status}`)))
      .length;

  const webhookUrls = () => running.sandbox.webhooks().map((webhook) => webhook.url);

  test(
    `publishing ${WORKFLOWS} workflows ${AT_A_TIME} at a time: none fails, each URL has exactly one webhook`,
    withLog(async () => {
      const { n8n, credential } = running;
      for (let index = 0; index < WORKFLOWS; index++) {
        triggers.push(await createClarkyTrigger(n8n, { name: `scale ${index + 1}`, credential, events: [EVENT] }));
      }

      // As a user with many workflows publishes them: a few in flight at any time, the next as one settles.
      const waiting = [...triggers];
      const statuses: PublicationStatus[] = [];
      const publisher = async () => {
        for (let next = waiting.shift(); next; next = waiting.shift())
          statuses.push(await publish(n8n, next.workflow.id));
      };
      await Promise.all(Array.from({ length: AT_A_TIME }, publisher));

      expect(statuses.filter((status) => status.status !== 'published')).toEqual([]);
      // The limit was met: without 429s this would prove nothing about waiting them out.
      expect(count(0, 'POST', 429)).toBeGreaterThan(0);
      expect(webhookUrls().sort()).toEqual(triggers.map((trigger) => trigger.url).sort());
    }),
    TEST_MS,
  );

  test(
    'a restart that calls checkExists for every workflow keeps all 40 webhooks and reads the listing a few times',
    withLog(async () => {
      const { n8n, sandbox } = running;
      const before = sandbox.webhooks().map((webhook) => webhook.id);
      const from = answered.length;
      const logOffset = readFileSync(n8n.logFile).length;
      await n8n.restart({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });
      // On this path n8n activates each workflow at startup (checkExists, and create only when it says false).
      await waitFor(
        `n8n to activate all ${WORKFLOWS} workflows at startup`,
        () => {
          const log = readFileSync(n8n.logFile).subarray(logOffset).toString('utf8');
          const activated = triggers.filter(({ workflow }) =>
            log.includes(`Activated workflow "${workflow.name}" (ID: ${workflow.id})`),
          );
          return activated.length === WORKFLOWS ? true : undefined;
        },
        { timeoutMs: TEST_MS - 60_000, intervalMs: 500 },
      );

      expect(sandbox.webhooks().map((webhook) => webhook.id)).toEqual(before);
      expect([count(from, 'POST'), count(from, 'DELETE'), count(from, 'PATCH')]).toEqual([0, 0, 0]);
      // checkExists ran (one read at least) and shared listings: one read per workflow would be 40.
      const reads = count(from, 'GET');
      expect(reads).toBeGreaterThanOrEqual(1);
      expect(reads).toBeLessThan(10);
    }),
    TEST_MS,
  );

  test(
    'after the restart every workflow runs the event Clarky delivers, and forged calls get 401 and run nothing',
    withLog(async () => {
      const { n8n, sandbox } = running;
      const body = JSON.stringify({ event: EVENT, firstName: 'Mallory' });
      for (const { url } of triggers) {
        for (const authorization of [undefined, 'Bearer not-the-token']) {
          const headers = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
          expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
        }
      }

      const triggered = await sandbox.trigger(EVENT);
      const delivered = triggered.deliveries.filter((attempt) => attempt.state === 'delivered');
      expect(delivered.map((attempt) => attempt.webhook_id).sort()).toEqual(
        sandbox
          .webhooks()
          .map((webhook) => webhook.id)
          .sort(),
      );
      expect(triggered.deliveries).toHaveLength(WORKFLOWS);
      for (const trigger of triggers) {
        const executions = await waitFor(`an execution of ${trigger.workflow.name}`, async () => {
          const all = await n8n.api.listExecutions(trigger.workflow.id);
          return all.some((execution) => execution.status === 'running') || all.length === 0 ? undefined : all;
        });
        // Exactly one: the forged calls started none.
        expect(executions.map((execution) => nodeOutput(execution, CLARKY_TRIGGER_NODE))).toEqual([
          [triggered.payload],
        ]);
      }
    }),
    TEST_MS,
  );
});
