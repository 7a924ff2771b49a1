/**
 * What a user can do in Clarky from a workflow or a Zap: each operation once, with its label, its fields and how it
 * runs on the client. The n8n node and the Zapier app only adapt this (n8n: resource/operation and properties;
 * Zapier: creates and searches with inputFields), so a label or a field is never written twice.
 * Only what Clarky's API reference confirms is here (docs/clarky-api.md, "Documented endpoints"); `source` names the page.
 */
import type { z } from 'zod/v4';
import { ACTIVITY_TYPES, ActivityLogSchema, type ActivityLog } from './api/activities';
import type { ClarkyClient } from './api/client';
import { CompanyCreateSchema, CompanyFiltersSchema } from './api/companies';
import { ContactCreateSchema, ContactFiltersSchema } from './api/contacts';
import { SequenceStartSchema } from './api/sequences';

export type ActionResource = 'contact' | 'activity' | 'company' | 'sequence' | 'agent';

/** Where a field's choices come from when they are not fixed: the workspace's agents or pipeline stages. */
export type ActionChoices = 'agents' | 'pipelineStages';

export interface ActionField {
  /** The name Clarky gives it (a body field or a query filter), except where `run` says otherwise. */
  readonly key: string;
  readonly label: string;
  readonly type: 'string' | 'number' | 'boolean' | 'datetime' | 'list';
  readonly required?: boolean;
  /** Help text under the field: what Clarky does with it. Every field has one (Zapier requires it too). */
  readonly help: string;
  /** A fixed set of values (Clarky's enum). */
  readonly options?: readonly string[];
  /** A set of values read from Clarky. */
  readonly choices?: ActionChoices;
  readonly example?: string;
}

/** What the user gave, by field key; absent or empty values are left out before `run`. */
export type ActionValues = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface ActionOperation {
  /** `<resource>.<verb>`, stable: the n8n operation value and the Zapier key derive from it. */
  readonly key: string;
  readonly resource: ActionResource;
  /** n8n's operation names: create, get, getByEmail, getMany, start. */
  readonly verb: 'create' | 'get' | 'getByEmail' | 'getMany' | 'start';
  /** Title Case, e.g. "Create Contact". */
  readonly label: string;
  /** One sentence, what it does, starting with a verb. */
  readonly description: string;
  readonly fields: readonly ActionField[];
  /** A list (every getMany): the plugins add Return All / Limit. */
  readonly list?: boolean;
  /** The API reference page it is built on. */
  readonly source: string;
  /** Runs it; `limit` only for lists. A search that finds nothing answers null. */
  run(client: ClarkyClient, values: ActionValues, limit?: number): Promise<unknown>;
}

const RESOURCE_LABELS: Record<ActionResource, string> = {
  contact: 'Contact',
  activity: 'Activity',
  company: 'Company',
  sequence: 'Sequence',
  agent: 'Agent',
};
/** "Contact", "Activity", ...: how both plugins name a resource. */
export const resourceLabel = (resource: ActionResource): string => RESOURCE_LABELS[resource];

export const ACTION_RESOURCES = Object.entries(RESOURCE_LABELS).map(([key, label]) => ({
  key: key as ActionResource,
  label,
}));

const DOCS = 'https://docs.clarky.ai/api-reference';
const CONTACT_ID_HELP = 'The contact’s ID in Clarky, e.g. from a trigger or Find Contact by Email.';

const agentField = (help: string, required = true): ActionField => ({
  key: 'bot_id',
  label: 'Agent',
  type: 'string',
  required,
  choices: 'agents',
  help,
});
const field = (key: string, label: string, rest: Partial<ActionField> & { help: string }): ActionField => ({
  key,
  label,
  type: 'string',
  ...rest,
});

/** Who a contact is, as a create and a sequence start take it; email and phone become Clarky's lists. */
const PERSON_FIELDS: readonly ActionField[] = [
  field('email', 'Email', { help: 'The contact’s email address.', example: 'ada@example.com' }),
  field('phone_number', 'Phone Number', { help: 'In international format, e.g. +34911234567.' }),
  field('first_name', 'First Name', { help: 'The contact’s first name.' }),
  field('last_name', 'Last Name', { help: 'The contact’s last name.' }),
];

/** The body fields of `values` (all but those named), with email/phone as Clarky's lists and lists as arrays. */
function body(values: ActionValues, leaveOut: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '' || leaveOut.includes(key)) continue;
    if (key === 'email') out.emails = [value];
    else if (key === 'phone_number') out.phone_numbers = [value];
    else out[key] = value;
  }
  return out;
}

const text = (values: ActionValues, key: string): string => String(values[key] ?? '');

/** A value the user gave that Clarky would refuse, named by its label: nothing was sent. */
export class ActionInputError extends Error {
  override readonly name = 'ActionInputError';
}

// Clarky's list fields are one field each in the plugins.
const FIELD_OF: Record<string, string> = { emails: 'email', phone_numbers: 'phone_number', contact: 'email' };

/** `candidate` once core's schema accepts it; otherwise an error that names each field by its label. */
function checked<S extends z.ZodType>(schema: S, candidate: unknown, fields: readonly ActionField[]): z.input<S> {
  const result = schema.safeParse(candidate);
  if (result.success) return candidate as z.input<S>;
  const problems = result.error.issues.map((issue) => {
    const [first, second] = issue.path.map(String);
    const key = FIELD_OF[second ?? ''] ?? FIELD_OF[first ?? ''] ?? first ?? '';
    const label = fields.find((candidateField) => candidateField.key === key)?.label ?? key;
    const given = issue.path.reduce<unknown>(
      (value, step) => (value as Record<PropertyKey, unknown>)?.[step],
      candidate,
    );
    const missing = issue.code === 'invalid_type' && given === undefined;
    return missing ? `${label} is required` : `${label}: ${issue.message}`;
  });
  throw new ActionInputError(`Check the values: ${problems.join('; ')}.`);
}

/** A catalog entry: its key is `<resource>.<verb>`, and a getMany is a list. */
const action = (
  resource: ActionResource,
  verb: ActionOperation['verb'],
  operation: Omit<ActionOperation, 'key' | 'resource' | 'verb' | 'list'>,
): ActionOperation => ({ key: `${resource}.${verb}`, resource, verb, list: verb === 'getMany', ...operation });

export const ACTIONS: readonly ActionOperation[] = [
  action('contact', 'create', {
    label: 'Create Contact',
    description: 'Creates a contact in Clarky',
    source: `${DOCS}/quickstart (POST /contacts: implied there, path assumed)`,
    fields: [
      agentField('The agent the contact belongs to.'),
      ...PERSON_FIELDS,
      field('company', 'Company', { help: 'The company name as free text.' }),
      field('job_title', 'Job Title', { help: 'The contact’s role at their company.' }),
      field('lead_source', 'Lead Source', { help: 'Where the contact came from.', example: 'website' }),
      field('tags', 'Tags', { type: 'list', help: 'Labels to group contacts by.' }),
      field('notes', 'Notes', { help: 'Free text kept on the contact.' }),
    ],
    async run(client, values) {
      return client.createContact(checked(ContactCreateSchema, body(values), this.fields));
    },
  }),
  action('contact', 'get', {
    label: 'Get Contact',
    description: 'Gets a contact by its ID',
    source: `${DOCS}/quickstart (GET /contacts/{id})`,
    fields: [field('contact_id', 'Contact ID', { required: true, help: CONTACT_ID_HELP })],
    run: (client, values) => client.getContact(text(values, 'contact_id')),
  }),
  action('contact', 'getByEmail', {
    label: 'Find Contact by Email',
    description: 'Finds the contact with an email address; nothing when Clarky has none',
    source: `${DOCS}/contacts (GET /contacts/by-email)`,
    fields: [
      field('email', 'Email', { required: true, help: 'The email address to look for.', example: 'ada@example.com' }),
    ],
    run: (client, values) => client.findContactByEmail(text(values, 'email')),
  }),
  action('contact', 'getMany', {
    label: 'Get Many Contacts',
    description: 'Lists contacts, filtered as Clarky documents',
    source: `${DOCS}/contacts (GET /contacts)`,
    fields: [
      field('search', 'Search', { help: 'Matches name, email, phone or company.' }),
      field('tags', 'Tags', { type: 'list', help: 'Contacts with any of these tags.' }),
      field('lead_source', 'Lead Source', { help: 'Only contacts from this source.' }),
      field('pipeline_stage_id', 'Pipeline Stage', { choices: 'pipelineStages', help: 'Only contacts in this stage.' }),
      agentField('Only this agent’s contacts.', false),
      field('created_after', 'Created After', { type: 'datetime', help: 'Only contacts created after this time.' }),
      field('created_before', 'Created Before', { type: 'datetime', help: 'Only contacts created before this time.' }),
      field('updated_after', 'Updated After', { type: 'datetime', help: 'Only contacts changed after this time.' }),
    ],
    async run(client, values, limit) {
      return client.listContacts(checked(ContactFiltersSchema, body(values), this.fields), { limit });
    },
  }),
  action('activity', 'create', {
    label: 'Log Activity',
    description: 'Adds a note, call, meeting or task to a contact’s or a company’s timeline',
    source: `${DOCS}/activities (POST /activities)`,
    fields: [
      field('activity_type', 'Type', { required: true, options: ACTIVITY_TYPES, help: 'What kind of activity it is.' }),
      field('contact_id', 'Contact ID', { help: 'The contact whose timeline gets it (or give a company).' }),
      field('company_id', 'Company ID', { help: 'The company whose timeline gets it (or give a contact).' }),
      field('title', 'Title', { help: 'A short title shown on the timeline.', example: 'No-show' }),
      field('description', 'Description', { help: 'The details.' }),
      field('due_date', 'Due Date', { type: 'datetime', help: 'For tasks, to-dos and reminders.' }),
      field('duration_minutes', 'Duration (Minutes)', { type: 'number', help: 'For calls and meetings.' }),
    ],
    async run(client, values) {
      if (!values.contact_id && !values.company_id) {
        throw new ActionInputError('Check the values: give a Contact ID or a Company ID (or both).');
      }
      return client.logActivity(checked(ActivityLogSchema, body(values), this.fields) as ActivityLog);
    },
  }),
  action('activity', 'getMany', {
    label: 'Get Many Activities',
    description: 'Lists a contact’s timeline, newest first',
    source: `${DOCS}/activities (GET /contacts/{contact_id}/activities)`,
    fields: [
      field('contact_id', 'Contact ID', { required: true, help: CONTACT_ID_HELP }),
      field('activity_type', 'Type', { options: ACTIVITY_TYPES, help: 'Only activities of this kind.' }),
    ],
    run: (client, values, limit) =>
      client.listContactActivities(text(values, 'contact_id'), { ...body(values, ['contact_id']) }, { limit }),
  }),
  action('company', 'create', {
    label: 'Create Company',
    description: 'Creates a company in Clarky',
    source: `${DOCS}/companies (POST /companies)`,
    fields: [
      agentField('The agent the company belongs to.'),
      field('name', 'Name', { required: true, help: 'The company’s name.' }),
      field('domain', 'Domain', { help: 'The company’s web domain, without https://.', example: 'example.com' }),
      field('website', 'Website', { help: 'The company’s website address.' }),
      field('industry', 'Industry', { help: 'The company’s industry.' }),
      field('company_size', 'Company Size', { help: 'A range of employees.', example: '50-200' }),
      field('description', 'Description', { help: 'What the company does.' }),
      field('tags', 'Tags', { type: 'list', help: 'Labels to group companies by.' }),
    ],
    async run(client, values) {
      return client.createCompany(checked(CompanyCreateSchema, body(values), this.fields));
    },
  }),
  action('company', 'get', {
    label: 'Get Company',
    description: 'Gets a company by its ID',
    source: `${DOCS}/companies (GET /companies/{id})`,
    fields: [field('company_id', 'Company ID', { required: true, help: 'The company’s ID in Clarky (co_...).' })],
    run: (client, values) => client.getCompany(text(values, 'company_id')),
  }),
  action('company', 'getMany', {
    label: 'Get Many Companies',
    description: 'Lists companies, filtered as Clarky documents',
    source: `${DOCS}/companies (GET /companies)`,
    fields: [
      field('search', 'Search', { help: 'Matches name, domain or industry.' }),
      field('domain', 'Domain', { help: 'Exact match.', example: 'example.com' }),
      field('industry', 'Industry', { help: 'Exact match.' }),
      field('tags', 'Tags', { type: 'list', help: 'Companies with any of these tags.' }),
      agentField('Only this agent’s companies.', false),
    ],
    async run(client, values, limit) {
      return client.listCompanies(checked(CompanyFiltersSchema, body(values), this.fields), { limit });
    },
  }),
  action('sequence', 'start', {
    label: 'Start Sequence',
    description: 'Starts an outreach sequence for a contact (created or updated by email or phone)',
    source: `${DOCS}/sequences (POST /sequences/start) and clarky.ai/changelog/sequences-public-api`,
    fields: [
      field('template_id', 'Sequence Template ID', {
        required: true,
        // Clarky documents no list of templates, so no dropdown can offer them: the help says where the ID is.
        help:
          'The ID of the sequence template to start. Clarky’s API lists no templates to pick from: in Clarky, ' +
          'open Sequences, open the template and copy its ID.',
      }),
      ...PERSON_FIELDS,
      field('notes', 'Notes', { help: 'Free text kept on the contact.' }),
      agentField('Only needed when the template has no agent.', false),
      field('auto_approve', 'Auto-Approve', {
        type: 'boolean',
        help: 'Off: the outreach waits for approval in Clarky. On: it goes out in about 30-90 seconds.',
      }),
    ],
    async run(client, values) {
      const { template_id, bot_id, auto_approve, ...contact } = values;
      const start = { ...body({ template_id, bot_id, auto_approve }), contact: body(contact) };
      return client.startSequence(checked(SequenceStartSchema, start, this.fields));
    },
  }),
  action('agent', 'getMany', {
    label: 'Get Many Agents',
    description: 'Lists the workspace’s agents',
    source: `${DOCS}/agents (read-only; ids are the bot_id elsewhere)`,
    fields: [],
    run: (client, _values, limit) => client.listAgents({ limit }),
  }),
];

/** What `run` answered as a list of records: a list as it is, one record alone, nothing found as none. */
export function recordsOf(result: unknown): Record<string, unknown>[] {
  if (result === null || result === undefined) return [];
  return (Array.isArray(result) ? result : [result]) as Record<string, unknown>[];
}

export function actionOperation(key: string): ActionOperation {
  const operation = ACTIONS.find((candidate) => candidate.key === key);
  if (!operation) throw new Error(`Unknown Clarky operation "${key}"`);
  return operation;
}
