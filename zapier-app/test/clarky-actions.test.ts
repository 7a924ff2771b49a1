/** The creates and searches are core's ACTIONS in Zapier's terms: nothing about a field is decided twice. */
import { actionOperation } from '@clarky/core';
import { actionValues } from '../src/action-fields';
import { AGENT_DROPDOWN } from '../src/agent-trigger';
import { App } from './fixtures';

type InputField = { key: string; label?: string; type?: string; required?: boolean; list?: boolean } & Record<
  string,
  unknown
>;
const fieldsOf = (kind: 'creates' | 'searches', key: string) =>
  (App[kind]?.[key]?.operation.inputFields ?? []) as InputField[];

// Which steps and input fields exist is pinned by zapier-app/contract.json; here, what a Zap's editor shows of them.
it.each(['contact_create', 'activity_create', 'company_create', 'sequence_start'])(
  '%s shows a label, a sentence of description and a labelled field for each input, required where Clarky requires it',
  (key) => {
    const create = App.creates![key]!;
    expect(create.display.label).toMatch(/^[A-Z]/);
    expect(create.display.description).toMatch(/^[A-Z].*\.$/);
    for (const field of fieldsOf('creates', key)) expect(field.label).toMatch(/^[A-Z]/);
    const required = fieldsOf('creates', key).filter((field) => field.required);
    expect(required.map((field) => field.key)).toEqual(
      actionOperation(key.replace('_', '.'))
        .fields.filter((field) => field.required)
        .map((field) => field.key),
    );
  },
);

it('flattens a contact’s and a company’s primary email and phone beside Clarky’s lists, in the sample and the output fields', () => {
  for (const [kind, key] of [
    ['creates', 'contact_create'],
    ['creates', 'company_create'],
    ['searches', 'contact_getByEmail'],
    ['searches', 'company_findByDomain'],
  ] as const) {
    const operation = App[kind]![key]!.operation;
    const sample = operation.sample as { emails: { email: string }[]; phone_numbers: { phone_number: string }[] };
    expect(operation.sample).toMatchObject({
      primary_email: sample.emails[0]!.email,
      primary_phone_number: sample.phone_numbers[0]!.phone_number,
    });
    expect(operation.outputFields).toEqual(
      expect.arrayContaining([
        { key: 'primary_email', label: 'Primary Email', type: 'string' },
        { key: 'primary_phone_number', label: 'Primary Phone Number', type: 'string' },
      ]),
    );
  }
});

it('Start Sequence answers what it started for whom, with a sample and output fields for each', () => {
  const operation = App.creates!.sequence_start!.operation;
  expect(Object.keys(operation.sample ?? {}).sort()).toEqual(
    ['auto_approve', 'data', 'email', 'phone_number', 'status', 'template_id'].sort(),
  );
  expect((operation.outputFields ?? []).map((field) => field.key)).toEqual(
    expect.arrayContaining(['status', 'template_id', 'email', 'phone_number', 'auto_approve']),
  );
});

it('gives Log Activity’s Contact ID and Company ID a dropdown and a search connector, and Start Sequence’s template help saying where its ID is', () => {
  const activity = fieldsOf('creates', 'activity_create');
  expect(activity.find((field) => field.key === 'contact_id')).toMatchObject({
    dynamic: 'contact.id.name',
    search: 'contact_getByEmail.id',
  });
  expect(activity.find((field) => field.key === 'company_id')).toMatchObject({
    dynamic: 'company.id.name',
    search: 'company_findByDomain.id',
  });
  expect(App.triggers.contact?.display).toMatchObject({ hidden: true });
  expect(App.triggers.company?.display).toMatchObject({ hidden: true });
  const template = fieldsOf('creates', 'sequence_start').find((field) => field.key === 'template_id');
  expect(template?.helpText).toMatch(/Sequences/);
});

it('turns core’s agent choices into the hidden agent trigger’s dropdown, options into labelled choices, and types into Zapier’s', () => {
  const contact = fieldsOf('creates', 'contact_create');
  expect(contact.find((field) => field.key === 'bot_id')).toMatchObject({ dynamic: AGENT_DROPDOWN, required: true });
  expect(App.triggers[AGENT_DROPDOWN.split('.')[0]!]?.display).toMatchObject({ hidden: true });
  expect(contact.find((field) => field.key === 'tags')).toMatchObject({ type: 'string', list: true });
  expect(contact.find((field) => field.key === 'email')).toMatchObject({ placeholder: 'ada@example.com' });

  const activity = fieldsOf('creates', 'activity_create');
  expect(activity.find((field) => field.key === 'activity_type')).toMatchObject({
    required: true,
    choices: expect.objectContaining({ note: 'Note', video_call: 'Video Call' }),
  });
  expect(activity.find((field) => field.key === 'due_date')?.type).toBe('datetime');
  expect(activity.find((field) => field.key === 'duration_minutes')?.type).toBe('number');
  expect(fieldsOf('creates', 'sequence_start').find((field) => field.key === 'auto_approve')?.type).toBe('boolean');
});

it('Find Company by Domain asks for the domain only, required, with core’s label and help saying a web address works', () => {
  const domain = actionOperation('company.getMany').fields.find((field) => field.key === 'domain')!;
  expect(App.searches?.company_findByDomain?.display.label).toBe('Find Company by Domain');
  expect(fieldsOf('searches', 'company_findByDomain')).toEqual([
    expect.objectContaining({
      key: 'domain',
      label: domain.label,
      helpText: expect.stringMatching(/web address/),
      required: true,
    }),
  ]);
});

it('pairs Find Contact by Email with Create Contact as Find or Create Contact', () => {
  expect(App.searchOrCreates).toEqual({
    contact_getByEmail: expect.objectContaining({
      key: 'contact_getByEmail',
      search: 'contact_getByEmail',
      create: 'contact_create',
      display: expect.objectContaining({ label: 'Find or Create Contact' }),
    }),
  });
});

it('declares an output field for every plain value of its sample, nested ones by Zapier’s names', () => {
  const outputKeys = (App.creates?.contact_create?.operation.outputFields ?? []).map((field) => field.key);
  expect(outputKeys).toEqual(
    expect.arrayContaining([
      'id',
      'first_name',
      'deal_value',
      'created_at',
      'emails[]email',
      'phone_numbers[]phone_number',
    ]),
  );
  expect(outputKeys).not.toContain('tags');
});

describe('input data as core’s values', () => {
  const fields = actionOperation('activity.create').fields;

  it('reads numbers and booleans given as text (a mapped value is text), and drops empty fields', () => {
    const values = actionValues(fields, {
      activity_type: 'call',
      contact_id: 'c_1',
      duration_minutes: ' 15 ',
      title: '',
    });
    expect(values).toEqual({ activity_type: 'call', contact_id: 'c_1', duration_minutes: 15 });
    const start = actionOperation('sequence.start').fields;
    expect(actionValues(start, { auto_approve: 'no' })).toEqual({ auto_approve: false });
    expect(actionValues(start, { auto_approve: true })).toEqual({ auto_approve: true });
  });

  it('makes a list of one mapped value, and leaves text that is not a number as it came for core to refuse', () => {
    const tags = actionOperation('contact.create').fields;
    expect(actionValues(tags, { tags: 'vip' })).toEqual({ tags: ['vip'] });
    expect(actionValues(fields, { duration_minutes: 'ten' })).toEqual({ duration_minutes: 'ten' });
  });

  it('ignores input data that is no field of the operation', () => {
    expect(actionValues(fields, { activity_type: 'note', contact_id: 'c_1', injected: 'x' })).not.toHaveProperty(
      'injected',
    );
  });
});
