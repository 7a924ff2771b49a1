/**
 * What a fresh sandbox workspace holds: core's three sample agents, and a small sales story around them:
 * companies, contacts with emails and phones, a timeline, two pipelines with stages, sequence templates.
 */
import {
  ActivitySchema,
  CompanySchema,
  ContactSchema,
  PipelineSchema,
  SAMPLE_AGENTS,
  SAMPLE_COMPANY,
  SAMPLE_CONTACT,
  StageSchema,
  type Agent,
  type Company,
} from '@clarky/core';
import { CROCKFORD, seededId, uuid, type IdPrefix } from './ids';
import { RecordStore } from './record-store';
import type { SeededRandom } from './seeded-random';
import { buildRecord, type SequenceTemplate, type WorkspaceRecords } from './workspace-records';

const SEEDED_AT = '2026-11-01T09:00:00.000Z';

export function seedWorkspaceId(random: SeededRandom): string {
  return `w_01H${random.derive('workspace', 23, CROCKFORD)}`;
}

/** Agent ids stay core's, whatever the seed: samples, docs and tests name them. */
export function seedAgents(workspaceId: string): Agent[] {
  return SAMPLE_AGENTS.map((agent, index) => {
    const role = /\(([^)]+)\)/.exec(agent.name)?.[1] ?? 'Assistant';
    return {
      id: agent.id,
      workspace_id: workspaceId,
      name: agent.name,
      slug: agent.slug,
      summary: `${role} agent for the sandbox workspace.`,
      enabled: true,
      agent_role: role.toLowerCase().replace(/\s+/g, '_'),
      agent_email: `${agent.slug}@example.com`,
      agent_phone: `+1415555010${index}`,
    };
  });
}

/** Days after SEEDED_AT, as an ISO timestamp: seeded records spread over November for the date filters. */
function day(offset: number): string {
  return new Date(Date.parse(SEEDED_AT) + offset * 86_400_000).toISOString();
}

export function seedRecords(random: SeededRandom, workspaceId: string): WorkspaceRecords {
  const [ava, sam, riley] = SAMPLE_AGENTS.map((agent) => agent.id) as [string, string, string];
  const id = (prefix: IdPrefix, label: string) => seededId(prefix, random, label);
  const owned = (botId: string, createdDay: number, updatedDay = createdDay) => ({
    workspace_id: workspaceId,
    bot_id: botId,
    created_at: day(createdDay),
    updated_at: day(updatedDay),
  });

  const sales = { id: id('p', 'pipeline:sales'), name: 'Sales', bot: sam, default: true };
  const support = { id: id('p', 'pipeline:support'), name: 'Support escalations', bot: riley, default: false };
  const pipelines = [sales, support].map((pipeline) =>
    buildRecord(PipelineSchema, {
      id: pipeline.id,
      name: pipeline.name,
      is_default: pipeline.default,
      is_private: false,
      ...owned(pipeline.bot, 0),
    }),
  );
  const stageRows: [typeof sales, string, string][] = [
    [sales, 'New lead', '#94A3B8'],
    [sales, 'Qualified', '#3B82F6'],
    [sales, 'Demo booked', '#8B5CF6'],
    [sales, 'Proposal sent', '#F59E0B'],
    [sales, 'Won', '#22C55E'],
    [sales, 'Lost', '#EF4444'],
    [support, 'Open', '#F97316'],
    [support, 'Waiting on customer', '#EAB308'],
    [support, 'Resolved', '#22C55E'],
  ];
  const stages = stageRows.map(([pipeline, name, color]) =>
    buildRecord(StageSchema, {
      id: id('ps', `stage:${pipeline.name}:${name}`),
      pipeline_id: pipeline.id,
      name,
      color,
      order_index: stageRows.filter(([other]) => other === pipeline).findIndex(([, other]) => other === name),
      ...owned(pipeline.bot, 0),
    }),
  );
  const stage = (name: string) => stages.find((candidate) => candidate.name === name)!.id;

  // The first company and contact are core's samples (with the seed's ids, owners and dates), so triggered events,
  // Zapier's samples and the seeded records tell one story.
  const companies = [
    { ...SAMPLE_COMPANY, id: id('co', 'company:alpine'), ...owned(sam, 1, 12) },
    {
      id: id('co', 'company:contoso'),
      name: 'Contoso Health',
      domain: 'contoso.example',
      website: 'https://contoso.example',
      industry: 'Healthcare',
      company_size: '200-1000',
      employee_count: 620,
      emails: [{ email: 'partners@contoso.example', is_primary: true }],
      phone_numbers: [{ phone_number: '+442079460018', is_primary: true }],
      tags: ['prospect', 'enterprise'],
      city: 'London',
      country: 'GB',
      ...owned(sam, 3),
    },
    {
      id: id('co', 'company:fabrikam'),
      name: 'Fabrikam Studio',
      domain: 'fabrikam.example',
      industry: 'Design',
      company_size: '10-50',
      employee_count: 24,
      tags: ['prospect'],
      city: 'Berlin',
      country: 'DE',
      ...owned(ava, 6),
    },
  ].map((fields) => buildRecord(CompanySchema, fields));
  const [alpine, contoso, fabrikam] = companies as [
    (typeof companies)[0],
    (typeof companies)[0],
    (typeof companies)[0],
  ];

  const contactRows: (Record<string, unknown> & { company?: Company })[] = [
    { ...SAMPLE_CONTACT, company: alpine, pipeline_stage_id: stage('Demo booked'), ...owned(ava, 2, 14) },
    {
      first_name: 'Kenji',
      last_name: 'Watanabe',
      emails: [
        { email: 'kenji.watanabe@contoso.example', is_primary: true },
        { email: 'kenji.w@example.com', is_primary: false },
      ],
      phone_numbers: [{ phone_number: '+442079460231', is_primary: true }],
      company: contoso,
      job_title: 'Head of Procurement',
      lead_source: 'referral',
      pipeline_stage_id: stage('Proposal sent'),
      tags: ['customer', 'enterprise'],
      deal_value: 48_000,
      ...owned(sam, 4, 10),
    },
    {
      first_name: 'Amara',
      last_name: 'Okafor',
      emails: ['amara.okafor@example.org'],
      phone_numbers: ['+2348031234567'],
      lead_source: 'event',
      pipeline_stage_id: stage('New lead'),
      tags: ['lead'],
      city: 'Lagos',
      country: 'NG',
      ...owned(ava, 8),
    },
    {
      first_name: 'Lucas',
      last_name: 'Müller',
      emails: ['lucas.mueller@fabrikam.example'],
      phone_numbers: [],
      company: fabrikam,
      job_title: 'Creative Director',
      lead_source: 'website',
      pipeline_stage_id: stage('Qualified'),
      tags: ['customer'],
      deal_value: 6_500,
      ...owned(sam, 11),
    },
    {
      first_name: 'Priya',
      last_name: 'Natarajan',
      emails: [],
      phone_numbers: ['+919820012345'],
      lead_source: 'phone',
      tags: ['lead'],
      city: 'Mumbai',
      country: 'IN',
      ...owned(riley, 15),
    },
  ];
  // A contact with a company lives where the company is; one without says where.
  const contacts = contactRows.map(({ company, ...fields }, index) =>
    buildRecord(ContactSchema, {
      city: company?.city ?? null,
      country: company?.country ?? null,
      ...fields,
      id: uuid(random, `contact:${index}`),
      company: company?.name ?? null,
      company_id: company?.id ?? null,
      contact_type: 'lead',
      custom_fields: {},
    }),
  );
  const [maria, kenji] = contacts as [(typeof contacts)[0], (typeof contacts)[0]];

  const activities = [
    { contact_id: maria.id, activity_type: 'note', title: 'Asked for a demo in chat', created_at: day(2) },
    { contact_id: maria.id, activity_type: 'call', title: 'Discovery call', duration_minutes: 25, created_at: day(5) },
    { contact_id: maria.id, activity_type: 'meeting', title: 'Product demo', due_date: day(16), created_at: day(14) },
    {
      contact_id: kenji.id,
      activity_type: 'task',
      title: 'Send the proposal',
      completed_at: day(10),
      created_at: day(9),
    },
    { company_id: alpine.id, activity_type: 'note', title: 'Peak season starts in December', created_at: day(12) },
  ].map((fields, index) =>
    buildRecord(ActivitySchema, { id: id('act', `activity:${index}`), metadata: {}, ...fields }),
  );

  const templates: SequenceTemplate[] = [
    { id: id('st', 'template:no-show'), name: 'No-show follow-up', bot_id: ava },
    { id: id('st', 'template:re-engage'), name: 'Re-engage cold leads', bot_id: null },
  ];

  return {
    contacts: new RecordStore('contact', contacts),
    companies: new RecordStore('company', companies),
    activities: new RecordStore('activity', activities),
    pipelines,
    stages,
    templates,
    sequences: new RecordStore('started sequence'),
  };
}
