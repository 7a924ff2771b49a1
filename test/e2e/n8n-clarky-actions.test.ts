/**
 * The Clarky node in a real n8n of each tested line, installed from the packed tarball as a community package, in the
 * workflow users build first: Clarky Trigger on `booking.no_show` → Find Contact by Email (the payload's email, an
 * expression) → Log Activity "No-show" on that contact. Published, then fired in the sandbox; the note must be on
 * the contact's timeline in Clarky. One n8n per line; the first run on a machine also installs it into a cache.
 */
import { randomUUID } from 'node:crypto';
import { primaryOf, samplePayload, type Contact } from '@clarky/core';
import type { Sandbox } from '@clarky/sandbox';
import {
  FIND_CONTACT_NODE,
  N8N_VERSIONS,
  finishedExecutions,
  withN8nLog,
  LOG_NO_SHOW_NODE,
  NO_SHOW_TITLE,
  noShowWorkflow,
  nodeOutput,
  publish,
  type Credential,
  type RunningN8n,
  type Workflow,
} from '@clarky/n8n-harness';
import { clarkyN8nForTests } from './start-for-tests';

const TEST_MS = 180_000;

const emailOf = (contact: Contact) => primaryOf(contact.emails)?.email;

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
  let sandbox: Sandbox;
  let n8n: RunningN8n;
  let credential: Credential;
  clarkyN8nForTests({ version }, (started) => ({ sandbox, n8n, credential } = started));

  let workflow: Workflow;
  beforeAll(async () => {
    const webhookId = randomUUID();
    workflow = await n8n.api.createWorkflow(noShowWorkflow({ name: `no-show ${webhookId}`, webhookId, credential }));
    expect(await publish(n8n, workflow.id)).toMatchObject({ status: 'published' });
  }, 60_000);

  test(
    'a no-show for a known contact logs a "No-show" note on that contact in Clarky; an unknown email logs nothing',
    withN8nLog(
      () => n8n,
      async () => {
        // Not the sample payload's contact: the email must come from the delivered payload, through the expression.
        const sampleEmail = samplePayload('booking.no_show').email;
        const contact = sandbox
          .contacts()
          .find((candidate) => emailOf(candidate) && emailOf(candidate) !== sampleEmail)!;
        const before = sandbox.activities().length;

        const known = await sandbox.trigger('booking.no_show', { overrides: { email: emailOf(contact)! } });
        expect(known.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
        const [first] = await finishedExecutions(n8n, workflow.id, 1);
        expect(first!.status).toBe('success');
        expect(nodeOutput(first!, FIND_CONTACT_NODE)).toEqual([expect.objectContaining({ id: contact.id })]);

        const logged = sandbox.activities().slice(before);
        expect(logged).toEqual([
          expect.objectContaining({ contact_id: contact.id, activity_type: 'note', title: NO_SHOW_TITLE }),
        ]);
        expect(nodeOutput(first!, LOG_NO_SHOW_NODE)).toEqual(logged);

        await sandbox.trigger('booking.no_show', { overrides: { email: 'stranger@example.com' } });
        const [, second] = await finishedExecutions(n8n, workflow.id, 2);
        expect(second!.status).toBe('success');
        expect(nodeOutput(second!, FIND_CONTACT_NODE)).toEqual([]);
        expect(sandbox.activities().slice(before)).toEqual(logged);
      },
    ),
    TEST_MS,
  );
});
