/**
 * Clarky from any MCP client through n8n, in a real n8n of each tested line: a published workflow with n8n's MCP
 * Server Trigger and two Clarky Tools (version 1.1, only the operation picked, as the editor adds them), used by the
 * official MCP TypeScript SDK's client over Streamable HTTP: it lists the tools, finds a contact by email and logs
 * an activity on the id it got; the activity must be in the sandbox.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { primaryOf } from '@clarky/core';
import type { Sandbox } from '@clarky/sandbox';
import {
  N8N_VERSIONS,
  mcpServerWorkflow,
  publish,
  withN8nLog,
  type Credential,
  type RunningN8n,
} from '@clarky/n8n-harness';
import { clarkyN8nForTests } from './start-for-tests';

const TEST_MS = 120_000;

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
  let sandbox: Sandbox;
  let n8n: RunningN8n;
  let clarky: Credential;
  clarkyN8nForTests({ version }, (started) => ({ sandbox, n8n, credential: clarky } = started));

  const path = randomUUID();
  beforeAll(async () => {
    const workflow = await n8n.api.createWorkflow(
      mcpServerWorkflow({
        name: 'Clarky over MCP',
        path,
        webhookId: randomUUID(),
        clarky,
        tools: [
          { name: 'find_contact_by_email', resource: 'contact', operation: 'getByEmail', typeVersion: 1.1 },
          { name: 'log_activity', resource: 'activity', operation: 'create', typeVersion: 1.1 },
        ],
      }),
    );
    expect(await publish(n8n, workflow.id)).toMatchObject({ status: 'published' });
  }, 60_000);

  test(
    'an MCP client lists the Clarky tools, finds a contact and logs an activity on it in Clarky',
    withN8nLog(
      () => n8n,
      async () => {
        const client = new Client({ name: 'clarky-e2e', version: '1.0.0' });
        await client.connect(new StreamableHTTPClientTransport(new URL(`${n8n.webhookUrl}/mcp/${path}`)));
        try {
          const { tools } = await client.listTools();
          expect(Object.fromEntries(tools.map((tool) => [tool.name, tool]))).toEqual({
            find_contact_by_email: expect.objectContaining({
              description: 'Finds the contact with an email address; nothing when Clarky has none.',
              inputSchema: expect.objectContaining({
                properties: { email: { type: 'string', description: 'The email address to look for.' } },
                required: ['email'],
              }),
            }),
            log_activity: expect.objectContaining({
              description: 'Adds a note, call, meeting or task to a contact’s or a company’s timeline.',
              inputSchema: expect.objectContaining({ required: ['activity_type'] }),
            }),
          });

          const maria = sandbox.contacts().find((contact) => contact.last_name === "O'Connor")!;
          const found = await client.callTool({
            name: 'find_contact_by_email',
            arguments: { email: primaryOf(maria.emails)!.email },
          });
          expect(textOf(found)).toContain(`"id":"${maria.id}"`);

          const before = sandbox.activities().length;
          const logged = await client.callTool({
            name: 'log_activity',
            arguments: { activity_type: 'meeting', contact_id: maria.id, title: 'Met over MCP' },
          });
          const added = sandbox.activities().slice(before);
          expect(added).toEqual([
            expect.objectContaining({ activity_type: 'meeting', contact_id: maria.id, title: 'Met over MCP' }),
          ]);
          expect(textOf(logged)).toContain(`"id":"${added[0]!.id}"`);
        } finally {
          await client.close();
        }
      },
    ),
    TEST_MS,
  );
});

/** The text parts of a tool's answer, joined. */
function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return content.map((part) => part.text ?? '').join('');
}
