/**
 * Workflows saved with n8n-nodes-clarky 0.1.0, replayed in a real n8n of each tested line with the current packed
 * package. The fixtures (test/fixtures/n8n-0.1.0, read its README) are n8n's own exports, never regenerated: only the
 * credential id is replaced by this n8n's. The Clarky Trigger workflow is published and every trigger gets a
 * delivery; the Clarky-node workflows are published and started by their trigger, and each operation's effect is
 * read back from the sandbox.
 */
import type { DefaultPayload, EventKey } from '@clarky/core';
import type { Sandbox, TriggeredEvent } from '@clarky/sandbox';
import {
  CLARKY_TRIGGER_PATH,
  N8N_VERSIONS,
  finishedExecutions,
  nodeOutput,
  publish,
  unpublish,
  withN8nLog,
  type Credential,
  type Execution,
  type RunningN8n,
  type Workflow,
  type WorkflowNode,
} from '@clarky/n8n-harness';
import companiesFixture from '../fixtures/n8n-0.1.0/clarky-companies-activities-sequences.json';
import contactsFixture from '../fixtures/n8n-0.1.0/clarky-contacts.json';
import triggersFixture from '../fixtures/n8n-0.1.0/clarky-trigger-options.json';
import { clarkyN8nForTests } from './start-for-tests';

const TEST_MS = 180_000;

/** What the replay reads of an n8n export (JSON imports are typed by their literal values). */
interface Exported {
  name: string;
  nodes: WorkflowNode[];
  connections: Record<string, unknown>;
  settings: Record<string, unknown>;
}
const exported = (fixture: unknown) => fixture as Exported;

const SAM = 'b_01HDEF8N4P6R2T9V1X3Z5B7D0F';
const AVA = 'b_01HDEF7K2M9Q4R8S6T3V5W1X0Y';
const MARIA = '06f1e6a0-c496-4504-a2b5-6f60999c0aa1';
const ALPINE = 'co_01HYPDETTH60552XJV0MY85GJ1';

type Row = Record<string, unknown> & { id: string };
const rows = (execution: Execution, node: string) => nodeOutput(execution, node) as Row[];
const namesOf = (records: Row[], field = 'first_name') => records.map((record) => record[field]).sort();

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
  let sandbox: Sandbox;
  let n8n: RunningN8n;
  let credential: Credential;
  clarkyN8nForTests({ version }, (started) => ({ sandbox, n8n, credential } = started));

  /** Imports the export as a user would (the credential re-chosen) and publishes it. */
  async function importAndPublish(fixture: Exported): Promise<Workflow> {
    const nodes = fixture.nodes.map((node) =>
      node.credentials?.clarkyApi
        ? { ...node, credentials: { clarkyApi: { ...node.credentials.clarkyApi, id: credential.id } } }
        : node,
    );
    const { name, connections, settings } = fixture;
    const workflow = await n8n.api.createWorkflow({ name, nodes, connections, settings });
    expect(await publish(n8n, workflow.id)).toMatchObject({ status: 'published' });
    return workflow;
  }

  /** Where Clarky delivers for a trigger node of the fixture. */
  const urlOf = (fixture: Exported, node: string) => {
    const { webhookId } = fixture.nodes.find((candidate) => candidate.name === node)!;
    return `${n8n.webhookUrl}/webhook/${webhookId}/${CLARKY_TRIGGER_PATH}`;
  };

  /** Unpublishes; then Clarky holds no webhook for any of the workflow's triggers. */
  async function unpublishAll(workflow: Workflow, fixture: Exported): Promise<void> {
    await unpublish(n8n, workflow.id);
    const urls = fixture.nodes.filter((node) => node.webhookId).map((node) => urlOf(fixture, node.name));
    expect(sandbox.webhooks().filter((webhook) => urls.includes(webhook.url))).toEqual([]);
  }

  describe('the Clarky Trigger with each option, as 0.1.0 saved it', () => {
    const fixture = exported(triggersFixture);
    let workflow: Workflow;
    beforeAll(async () => {
      workflow = await importAndPublish(fixture);
    }, TEST_MS);
    afterAll(() => unpublishAll(workflow, fixture), TEST_MS);

    const webhookOf = (node: string) => {
      const found = sandbox.webhooks().filter((webhook) => webhook.url === urlOf(fixture, node));
      expect(found).toHaveLength(1);
      return found[0]!;
    };

    /** Runs `start`, then waits for the one execution it starts and resolves with it (successful). */
    async function nextExecution(start: () => Promise<unknown>): Promise<Execution> {
      const before = (await n8n.api.listExecutions(workflow.id)).length;
      await start();
      const execution = (await finishedExecutions(n8n, workflow.id, before + 1)).at(-1)!;
      expect(execution.status).toBe('success');
      return execution;
    }

    /** Fires `event`; it must reach `node`'s webhook, and start one successful execution: returns the node's items. */
    async function delivered(event: EventKey, node: string, botId?: string) {
      let fired: TriggeredEvent | undefined;
      const execution = await nextExecution(async () => (fired = await sandbox.trigger(event, { botId })));
      const attempts = fired!.deliveries.filter((attempt) => attempt.webhook_id === webhookOf(node).id);
      expect(attempts.map((attempt) => [attempt.state, attempt.request.method])).toEqual([
        ['delivered', webhookOf(node).method],
      ]);
      return { fired: fired!, attempt: attempts[0]!, output: nodeOutput(execution, node) };
    }

    test(
      'publishing registers one webhook per trigger, as each one’s events, agents and options say',
      withN8nLog(
        () => n8n,
        async () => {
          const defaultName = `n8n: ${fixture.name}`;
          const expected = {
            Bookings: {
              events: ['booking.created', 'booking.confirmed', 'booking.rescheduled'],
              bot_ids: [],
              method: 'POST',
              name: defaultName,
            },
            "Sam's new contacts": { events: ['contact.created'], bot_ids: [SAM], method: 'POST', name: defaultName },
            'Escalation digest': { events: ['escalation.requested'], bot_ids: [], method: 'POST', name: defaultName },
            'Bad sentiment': {
              events: ['conversation.bad_sentiment'],
              bot_ids: [],
              method: 'PUT',
              name: 'Support: bad sentiment',
            },
            'Reminders by GET': { events: ['booking.reminder_sent'], bot_ids: [AVA], method: 'GET', name: defaultName },
            'Inbound messages': { events: ['message.received'], bot_ids: [], method: 'POST', name: defaultName },
          };
          for (const [node, webhook] of Object.entries(expected)) {
            expect({ node, ...webhookOf(node) }).toMatchObject({ node, ...webhook, has_bearer_token: true });
          }
          const template = fixture.nodes.find((node) => node.name === 'Escalation digest')!.parameters.options;
          expect(webhookOf('Escalation digest').payload_template).toBe(
            (template as { payloadTemplate: string }).payloadTemplate,
          );
        },
      ),
      TEST_MS,
    );

    test(
      'every delivery starts the workflow from its trigger with the payload Clarky sent',
      withN8nLog(
        () => n8n,
        async () => {
          for (const event of ['booking.created', 'booking.confirmed', 'booking.rescheduled'] as const) {
            const { fired, output } = await delivered(event, 'Bookings');
            expect(output).toEqual([fired.payload]);
          }

          const sams = await delivered('contact.created', "Sam's new contacts", SAM);
          expect(sams.output).toEqual([sams.fired.payload]);
          // The agents filter: another agent's contact reaches no webhook of this workflow.
          const avas = await sandbox.trigger('contact.created', { botId: AVA });
          expect(avas.deliveries).toEqual([]);

          const digest = await delivered('escalation.requested', 'Escalation digest');
          const p: DefaultPayload = digest.fired.payload;
          expect(digest.output).toEqual([
            {
              title: `${p.botName} escalated a ${p.type} conversation`,
              contact: { name: `${p.firstName} ${p.lastName}`, email: p.email },
              score: p.sentimentScore,
              link: p.conversationUrl,
            },
          ]);

          const put = await delivered('conversation.bad_sentiment', 'Bad sentiment');
          expect(put.output).toEqual([put.fired.payload]);

          // GET: Clarky sends the fields as query parameters, and they arrive as such.
          const get = await delivered('booking.reminder_sent', 'Reminders by GET', AVA);
          expect(get.output).toEqual([Object.fromEntries(new URL(get.attempt.request.url).searchParams)]);
          expect(get.output).toEqual([
            expect.objectContaining({ event: 'booking.reminder_sent', email: get.fired.payload.email }),
          ]);

          const inbound = await delivered('message.received', 'Inbound messages');
          expect(inbound.output).toEqual([inbound.fired.payload]);
        },
      ),
      TEST_MS,
    );

    test(
      'Verify Bearer Token off: a call without the token starts the workflow; the others refuse it',
      withN8nLog(
        () => n8n,
        async () => {
          const call = (node: string) =>
            fetch(urlOf(fixture, node), {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ event: 'message.received', note: 'no token' }),
            });
          expect((await call('Bookings')).status).toBe(401);
          const execution = await nextExecution(async () => expect((await call('Inbound messages')).status).toBe(200));
          expect(nodeOutput(execution, 'Inbound messages')).toEqual([{ event: 'message.received', note: 'no token' }]);
        },
      ),
      TEST_MS,
    );
  });

  /** Publishes the workflow, fires `event` once, and resolves with its one execution (successful) and the event. */
  async function runOnce(fixture: Exported, event: EventKey): Promise<{ execution: Execution; fired: TriggeredEvent }> {
    const workflow = await importAndPublish(fixture);
    try {
      const fired = await sandbox.trigger(event);
      expect(fired.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
      const [execution] = await finishedExecutions(n8n, workflow.id, 1);
      expect(execution!.status).toBe('success');
      return { execution: execution!, fired };
    } finally {
      await unpublishAll(workflow, fixture);
    }
  }

  test(
    'the Clarky node, contacts: create, find by email, get, list (all and a limit, with every filter), list activities',
    withN8nLog(
      () => n8n,
      async () => {
        const { execution } = await runOnce(exported(contactsFixture), 'booking.no_show');

        const [created] = rows(execution, 'Create Contact');
        const stored = sandbox.contacts().find((contact) => contact.id === created!.id);
        expect(stored).toMatchObject({
          bot_id: SAM,
          first_name: 'Inés',
          last_name: 'García',
          company: 'Tailspin Toys',
          job_title: 'Head of Operations',
          lead_source: 'webinar',
          tags: ['webinar', '2026'],
          notes: 'Asked for a demo in January.',
        });
        expect(stored!.emails.map((entry) => entry.email)).toEqual(['ines.garcia@example.com']);
        expect(stored!.phone_numbers.map((entry) => entry.phone_number)).toEqual(['+34911234567']);

        // The no-show's sample payload is Maria's: found by the email expression, then got by id.
        expect(rows(execution, 'Find Contact by Email')).toEqual([expect.objectContaining({ id: MARIA })]);
        expect(rows(execution, 'Get Contact')).toEqual([expect.objectContaining({ id: MARIA, first_name: 'Maria' })]);
        const notes = sandbox
          .activities()
          .filter((activity) => activity.contact_id === MARIA && activity.activity_type === 'note');
        expect(notes.length).toBeGreaterThan(0);
        expect(rows(execution, 'Notes on the contact').map((activity) => activity.id)).toEqual(
          notes.map((activity) => activity.id).reverse(),
        );

        expect(namesOf(rows(execution, "Sam's customers"))).toEqual(['Kenji', 'Lucas']);
        expect(namesOf(rows(execution, 'First new lead from an event'))).toEqual(['Amara']);
      },
    ),
    TEST_MS,
  );

  test(
    'the Clarky node, companies, activities, sequences, agents: create, log, get, list with filters, start, list agents',
    withN8nLog(
      () => n8n,
      async () => {
        const { execution, fired } = await runOnce(exported(companiesFixture), 'booking.completed');

        const [company] = rows(execution, 'Create Company');
        expect(sandbox.companies().find((candidate) => candidate.id === company!.id)).toMatchObject({
          bot_id: SAM,
          name: 'Northwind Traders',
          domain: 'northwind.example',
          website: 'https://northwind.example',
          industry: 'Wholesale',
          company_size: '50-200',
          description: 'Imports speciality foods.',
          tags: ['prospect', 'wholesale'],
        });
        const activity = (node: string) => {
          const [logged] = rows(execution, node);
          return sandbox.activities().find((candidate) => candidate.id === logged!.id);
        };
        expect(activity('Note on the company')).toMatchObject({
          company_id: company!.id,
          activity_type: 'note',
          title: 'First meeting',
          description: 'Met at the fair.',
        });
        expect(activity('Log the call')).toMatchObject({
          contact_id: MARIA,
          activity_type: 'call',
          title: 'Follow-up call',
          description: 'Talked through the proposal.',
          duration_minutes: 25,
          due_date: expect.stringMatching(/^2026-12-01T/),
        });

        expect(rows(execution, 'Get Company')).toEqual([expect.objectContaining({ id: ALPINE })]);
        expect(namesOf(rows(execution, "Ava's prospects"), 'name')).toEqual(['Fabrikam Studio']);
        expect(rows(execution, 'Company by domain')).toEqual([expect.objectContaining({ id: ALPINE })]);

        expect(rows(execution, 'Start Sequence')).toEqual([expect.objectContaining({ status: 'pending' })]);
        const person = sandbox
          .contacts()
          .find((contact) => contact.emails.some((entry) => entry.email === fired.payload.email));
        expect(sandbox.startedSequences().at(-1)).toMatchObject({
          template_id: 'st_01HV6Z0KZJ3PQ7GRJ670W9PDS1',
          bot_id: SAM,
          contact_id: person!.id,
          auto_approve: true,
        });

        expect(namesOf(rows(execution, 'Get Many Agents'), 'name')).toEqual(
          sandbox.agents.map((agent) => agent.name).sort(),
        );
      },
    ),
    TEST_MS,
  );
});
