/** Core's action catalog (what the n8n node and the Zapier app offer) run against the sandbox over real HTTP. */
import { ActionInputError, SAMPLE_AGENTS, actionOperation, createClarkyClient } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import type { Sandbox } from '../src';
import { testSandbox } from './helpers';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await testSandbox({ rateLimits: { reads: 1_000, writes: 1_000 } });
});
afterEach(() => sandbox.close());

const client = () =>
  createClarkyClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.write, transport: fetchTransport() });
const run = (key: string, values: Record<string, string | number | boolean | string[]>, limit?: number) =>
  actionOperation(key).run(client(), values, limit);
const ava = SAMPLE_AGENTS[0]!.id;

test('Create Contact sends email and phone as Clarky lists; Find Contact by Email finds it, or answers null', async () => {
  const created = await run('contact.create', {
    bot_id: ava,
    email: 'ada@example.com',
    phone_number: '+34911234567',
    first_name: 'Ada',
    tags: ['vip'],
  });
  expect(created).toMatchObject({
    first_name: 'Ada',
    emails: [{ email: 'ada@example.com', is_primary: true }],
    phone_numbers: [{ phone_number: '+34911234567', is_primary: true }],
    tags: ['vip'],
  });
  expect(await run('contact.getByEmail', { email: 'ada@example.com' })).toEqual(created);
  expect(await run('contact.getByEmail', { email: 'nobody@example.com' })).toBeNull();
});

test('a missing required value is refused before any request, naming the field by its label', async () => {
  const before = sandbox.contacts().length;
  await expect(run('contact.create', { first_name: 'Ada' })).rejects.toThrow(
    new ActionInputError('Check the values: Agent is required.'),
  );
  await expect(run('activity.create', { activity_type: 'note' })).rejects.toThrow(
    new ActionInputError('Check the values: give a Contact ID or a Company ID (or both).'),
  );
  const maria = sandbox.contacts()[0]!.id;
  await expect(
    run('activity.create', { activity_type: 'call', contact_id: maria, duration_minutes: 'ten' as never }),
  ).rejects.toThrow(/^Check the values: Duration \(Minutes\): .*expected number/);
  await expect(run('sequence.start', { template_id: sandbox.sequenceTemplates[0]!.id })).rejects.toThrow(
    /Email: needs at least one email or phone number/,
  );
  expect(sandbox.contacts()).toHaveLength(before);
});

test('Log Activity, Get Many Activities, companies, agents and lists with a limit', async () => {
  const maria = sandbox.contacts()[0]!;
  const logged = await run('activity.create', { activity_type: 'note', contact_id: maria.id, title: 'No-show' });
  expect(await run('activity.getMany', { contact_id: maria.id }, 1)).toEqual([logged]);

  const company = await run('company.create', { bot_id: ava, name: 'Initech', domain: 'initech.example' });
  expect(await run('company.getMany', { domain: 'initech.example' })).toEqual([company]);
  expect(await run('company.get', { company_id: (company as { id: string }).id })).toEqual(company);

  expect(await run('contact.getMany', {}, 2)).toHaveLength(2);
  expect(await run('agent.getMany', {})).toHaveLength(SAMPLE_AGENTS.length);
});

test('Start Sequence sends the person as the contact and is recorded as pending approval', async () => {
  const template = sandbox.sequenceTemplates.find((candidate) => candidate.bot_id !== null)!;
  const started = await run('sequence.start', {
    template_id: template.id,
    email: 'lin@example.com',
    first_name: 'Lin',
  });
  expect(started).toMatchObject({ status: 'pending_approval' });
  expect(sandbox.startedSequences()).toEqual([
    expect.objectContaining({ template_id: template.id, auto_approve: false }),
  ]);
});
