/**
 * Clarky as the tools of n8n's AI Agent, in a real n8n of each tested line: Webhook → AI Agent → OpenAI Chat Model
 * whose credential points at a scripted model (harness/src/scripted-model.ts), and Clarky Tools added as a user adds
 * them in the editor today (version 1.1, only the operation picked). The script plays the model: it calls the tools
 * by name with arguments taken from what earlier tools answered, then answers with what it read. The tests check what
 * Clarky received (the sandbox's state), the final answer, and the tool schema n8n gave the model.
 */
import { randomUUID } from 'node:crypto';
import { SAMPLE_AGENTS, primaryOf, type Contact } from '@clarky/core';
import type { Sandbox } from '@clarky/sandbox';
import {
  N8N_VERSIONS,
  agentWorkflow,
  majorOf,
  openAiCredential,
  publish,
  startScriptedModel,
  textOf,
  withN8nLog,
  type ChatRequest,
  type ClarkyToolNode,
  type Credential,
  type ModelTool,
  type ModelTurn,
  type RunningN8n,
  type ScriptedModel,
} from '@clarky/n8n-harness';
import { clarkyN8nForTests, startForTests } from './start-for-tests';

const TEST_MS = 120_000;

const FIND = 'find_contact_by_email';
const AGENTS = 'get_many_agents';
const LOG = 'log_activity';
const CREATE = 'create_contact';
const TOOLS: ClarkyToolNode[] = [
  { name: FIND, resource: 'contact', operation: 'getByEmail', typeVersion: 1.1 },
  { name: AGENTS, resource: 'agent', operation: 'getMany', typeVersion: 1.1 },
  { name: LOG, resource: 'activity', operation: 'create', typeVersion: 1.1 },
  { name: CREATE, resource: 'contact', operation: 'create', typeVersion: 1.1 },
];

/** What the tools answered so far in the conversation, oldest first, parsed. */
const toolResults = (request: ChatRequest): unknown[] =>
  request.messages.filter((message) => message.role === 'tool').map((message) => JSON.parse(textOf(message)));
/** n8n hands the model a tool's items as a list; one record is the first. */
const first = (result: unknown) => (Array.isArray(result) ? result[0] : result) as Record<string, unknown>;
const call = (name: string, args: Record<string, unknown> = {}): ModelTurn => ({ call: [{ name, arguments: args }] });

const emailOf = (contact: Contact) => primaryOf(contact.emails)!.email;

/**
 * The model's script for each question (the user message): a function of the tool results so far. Each scenario is
 * one conversation; its last move answers from what the tools returned, so the answer proves what the model read.
 */
const SCENARIOS: Record<string, (results: unknown[]) => ModelTurn> = {
  'read: who is maria and which agents are there': (results) => {
    if (results.length === 0) {
      return {
        call: [
          { name: FIND, arguments: { email: MARIA_EMAIL } },
          { name: AGENTS, arguments: {} },
        ],
      };
    }
    const [contact, agents] = [first(results[0]), results[1] as Array<{ name: string }>];
    return {
      answer: `${String(contact.first_name)} is ${String(contact.id)}; agents: ${agents.map((a) => a.name).join(', ')}`,
    };
  },
  'write: log a call with maria and add lin': (results) => {
    if (results.length === 0) return call(FIND, { email: MARIA_EMAIL });
    if (results.length === 1) {
      return {
        call: [
          { name: LOG, arguments: { activity_type: 'call', contact_id: first(results[0]).id, title: 'Called Maria' } },
          { name: CREATE, arguments: { bot_id: SAMPLE_AGENTS[0]!.id, email: 'lin@example.com', first_name: 'Lin' } },
        ],
      };
    }
    return { answer: `Logged ${String(first(results[1]).id)}, created ${String(first(results[2]).id)}` };
  },
  'error: log a note for a stranger': (results) => {
    if (results.length === 0) return call(FIND, { email: 'stranger@example.com' });
    if (results.length === 1) return call(LOG, { activity_type: 'note', contact_id: 'ct_unknown', title: 'Hello' });
    return { answer: `Found: ${JSON.stringify(results[0])} Logged: ${JSON.stringify(results[1])}` };
  },
};

let MARIA_EMAIL = '';

function script(request: ChatRequest): ModelTurn {
  const question = textOf(request.messages.find((message) => message.role === 'user'));
  const scenario = SCENARIOS[question];
  if (!scenario) throw new Error(`No script for "${question}"`);
  return scenario(toolResults(request));
}

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
  let sandbox: Sandbox;
  let n8n: RunningN8n;
  let clarky: Credential;
  clarkyN8nForTests({ version }, (started) => ({ sandbox, n8n, credential: clarky } = started));
  let model: ScriptedModel;
  startForTests(
    () => startScriptedModel(script),
    (started) => (model = started),
  );

  const paths = { streamed: randomUUID(), answered: randomUUID() };
  beforeAll(async () => {
    MARIA_EMAIL = emailOf(sandbox.contacts().find((contact) => contact.last_name === "O'Connor")!);
    const openAi = await n8n.api.createCredential(openAiCredential(model.url));
    for (const [kind, path] of Object.entries(paths)) {
      const workflow = await n8n.api.createWorkflow(
        agentWorkflow({
          name: `agent ${kind}`,
          path,
          webhookId: randomUUID(),
          streaming: kind === 'streamed',
          agentVersion: majorOf(version) >= 2 ? 3.1 : 3,
          openAi,
          clarky,
          tools: TOOLS,
        }),
      );
      expect(await publish(n8n, workflow.id)).toMatchObject({ status: 'published' });
    }
  }, 60_000);

  /** Asks the agent; the final answer, from the agent's output or, streamed, from the stream's items. */
  async function ask(question: string, how: keyof typeof paths): Promise<string> {
    const response = await fetch(`${n8n.webhookUrl}/webhook/${paths[how]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    const text = await response.text();
    expect({ status: response.status, text }).toEqual({ status: 200, text: expect.any(String) });
    if (how === 'answered') return (JSON.parse(text) as { output: string }).output;
    // n8n streams one JSON object a line: begin, the items (text), end.
    const chunks = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; content?: string });
    return chunks
      .filter((chunk) => chunk.type === 'item')
      .map((chunk) => chunk.content ?? '')
      .join('');
  }

  const requestsFor = (question: string) =>
    model.requests.filter(
      (request) => textOf(request.messages.find((message) => message.role === 'user')) === question,
    );

  test(
    'the model gets a schema from core: descriptions, Clarky’s optional fields optional, dropdown values listed',
    withN8nLog(
      () => n8n,
      async () => {
        await ask('read: who is maria and which agents are there', 'answered');
        const [request] = requestsFor('read: who is maria and which agents are there');
        const byName = Object.fromEntries(
          (request!.tools ?? []).map((tool: ModelTool) => [tool.function.name, tool.function]),
        );
        process.stderr.write(`n8n ${version}: the tools the model received:\n${JSON.stringify(byName, null, 2)}\n`);
        expect(Object.keys(byName).sort()).toEqual([AGENTS, CREATE, FIND, LOG].sort());
        expect(byName[FIND]).toMatchObject({
          description: 'Finds the contact with an email address; nothing when Clarky has none.',
          parameters: {
            type: 'object',
            properties: { email: { type: 'string', description: 'The email address to look for.' } },
            required: ['email'],
          },
        });
        const log = byName[LOG]!;
        expect(log.description).toBe('Adds a note, call, meeting or task to a contact’s or a company’s timeline.');
        expect(log.parameters.required).toEqual(['activity_type']);
        expect(Object.keys(log.parameters.properties as object).sort()).toEqual(
          ['activity_type', 'company_id', 'contact_id', 'description', 'due_date', 'duration_minutes', 'title'].sort(),
        );
        expect(log.parameters.properties).toMatchObject({
          activity_type: { type: 'string', description: expect.stringContaining('One of: note, call, meeting') },
          title: { type: 'string', description: 'A short title shown on the timeline.' },
        });
        expect(byName[CREATE]!.parameters).toMatchObject({
          required: ['bot_id'],
          properties: { bot_id: { description: expect.stringContaining('An agent ID (bot_id)') } },
        });
      },
    ),
    TEST_MS,
  );

  test(
    'read: Find Contact by Email and Get Many Agents answer the model, which answers from them',
    withN8nLog(
      () => n8n,
      async () => {
        const maria = sandbox.contacts().find((contact) => emailOf(contact) === MARIA_EMAIL)!;
        const answer = await ask('read: who is maria and which agents are there', 'answered');
        const agents = SAMPLE_AGENTS.slice(0, 50).map((agent) => agent.name);
        expect(answer).toBe(`Maria is ${maria.id}; agents: ${agents.join(', ')}`);
      },
    ),
    TEST_MS,
  );

  test(
    'write, streamed: Log Activity on the id Find Contact returned, and Create Contact; Clarky holds both',
    withN8nLog(
      () => n8n,
      async () => {
        const maria = sandbox.contacts().find((contact) => emailOf(contact) === MARIA_EMAIL)!;
        const [activitiesBefore, contactsBefore] = [sandbox.activities().length, sandbox.contacts().length];
        const answer = await ask('write: log a call with maria and add lin', 'streamed');
        const [activity] = sandbox.activities().slice(activitiesBefore);
        const [lin] = sandbox.contacts().slice(contactsBefore);
        expect(activity).toMatchObject({ activity_type: 'call', contact_id: maria.id, title: 'Called Maria' });
        // What the model left out was not sent.
        expect([activity!.description ?? null, activity!.company_id ?? null]).toEqual([null, null]);
        expect(lin).toMatchObject({
          first_name: 'Lin',
          bot_id: SAMPLE_AGENTS[0]!.id,
          emails: [{ email: 'lin@example.com' }],
        });
        expect(answer).toBe(`Logged ${activity!.id}, created ${lin!.id}`);
        expect(requestsFor('write: log a call with maria and add lin').every((request) => request.stream)).toBe(true);
      },
    ),
    TEST_MS,
  );

  test(
    'error: an unknown contact reaches the model as words it can read, Clarky’s advice included; nothing is logged',
    withN8nLog(
      () => n8n,
      async () => {
        const before = sandbox.activities().length;
        const answer = await ask('error: log a note for a stranger', 'answered');
        expect(answer).toContain('"found":false');
        expect(answer).toContain('no contact has id \\"ct_unknown\\"; use an id from');
        expect(sandbox.activities()).toHaveLength(before);
      },
    ),
    TEST_MS,
  );
});
