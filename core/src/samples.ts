/** Realistic, deterministic samples (event payloads and records): Zapier samples, n8n docs, sandbox seeds and tests. */
import type { ActionResource } from './actions';
import type { Activity } from './api/activities';
import type { Company } from './api/companies';
import type { Contact } from './api/contacts';
import type { SequenceStarted } from './api/sequences';
import { EVENT_KEYS, type EventKey } from './events';
import { buildDefaultPayload, type DefaultPayload, type EventContext } from './payload';

export const SAMPLE_AGENTS = [
  { id: 'b_01HDEF7K2M9Q4R8S6T3V5W1X0Y', name: 'Ava (Front Desk)', slug: 'ava-front-desk' },
  { id: 'b_01HDEF8N4P6R2T9V1X3Z5B7D0F', name: 'Sam (Sales)', slug: 'sam-sales' },
  { id: 'b_01HDEF9Q1S3U5W7Y9A2C4E6G8J', name: 'Riley (Support)', slug: 'riley-support' },
] as const;

/** Where a conversation opens in the Clarky app. */
export function conversationUrl(id: string): string {
  return `https://clarky.ai/app/conversations/${id}`;
}

const agent = SAMPLE_AGENTS[0];
const conversationId = 'c_01HJ3M5P7R9T1V3X5Z7B9D1F3H';

const base = {
  botId: agent.id,
  botName: agent.name,
  conversationId,
  conversationUrl: conversationUrl(conversationId),
  firstMessage: 'Hi, can I book a demo for next Tuesday afternoon?',
  type: 'chat',
  phoneNumber: '+14155550123',
  firstName: 'Maria',
  lastName: "O'Connor",
  email: 'maria.oconnor@example.com',
  sentimentScore: 82,
  sentimentSummary: 'Friendly and keen to book a demo.',
} satisfies EventContext;

/** Where an event differs from the base conversation above. */
const differences: { readonly [K in EventKey]?: EventContext } = {
  'conversation.bad_sentiment': { sentimentScore: 12, sentimentSummary: 'Frustrated: waited two days for a callback.' },
  'escalation.requested': {
    type: 'voice',
    firstMessage: 'I need to speak to a person, please.',
    sentimentScore: 35,
    sentimentSummary: 'Impatient; wants a human.',
  },
  'message.received': { type: 'text', firstMessage: 'Is the 3pm slot still free?' },
  'message.sent': { type: 'text', firstMessage: 'Is the 3pm slot still free?' },
  'booking.no_show': { sentimentScore: 50, sentimentSummary: 'Neutral; no reply since booking.' },
};

const firstTimestamp = Date.UTC(2026, 10, 20, 14, 30, 0);

/** The sample payload of one event: fixed values, a timestamp a minute apart per event. */
export function samplePayload(event: EventKey): DefaultPayload {
  const index = EVENT_KEYS.indexOf(event);
  const timestamp = new Date(firstTimestamp + index * 60_000).toISOString();
  return buildDefaultPayload({ event, timestamp, ...base, ...differences[event] });
}

/**
 * One record of each kind an action answers with, as the client returns it: Zapier's samples and output fields.
 * The contact is the person of the event samples above, so a Zap's test data tells one story.
 */
const sampleCompanyId = 'co_01HN4R7T9V2X4Z6B8D1F3H5K7M';
const sampleContactId = '3f6c1a2e-8b4d-4e7a-a9c1-5d2e7f8a9b0c';
const sampleCreatedAt = '2026-11-20T14:31:00.000Z';

export const SAMPLE_COMPANY = {
  id: sampleCompanyId,
  workspace_id: 'w_01HW3K5M7P9R1T3V5X7Z9B1D3F',
  bot_id: agent.id,
  name: 'Alpine Ski House',
  domain: 'alpineskihouse.example',
  website: 'https://alpineskihouse.example',
  industry: 'Hospitality',
  company_size: '200-500',
  employee_count: 320,
  annual_revenue: 41_000_000,
  total_deal_value: 9_500,
  emails: [{ email: 'reservations@alpineskihouse.example', is_primary: true }],
  phone_numbers: [{ phone_number: '+13035550188', is_primary: true }],
  tags: ['prospect'],
  city: 'Denver',
  country: 'US',
  created_at: sampleCreatedAt,
  updated_at: sampleCreatedAt,
} satisfies Company;

export const SAMPLE_CONTACT = {
  id: sampleContactId,
  workspace_id: SAMPLE_COMPANY.workspace_id,
  bot_id: agent.id,
  first_name: base.firstName,
  last_name: base.lastName,
  emails: [{ email: base.email, is_primary: true }],
  phone_numbers: [{ phone_number: base.phoneNumber, is_primary: true }],
  company: SAMPLE_COMPANY.name,
  company_id: sampleCompanyId,
  job_title: 'Head of Guest Services',
  lead_source: 'chat',
  contact_type: 'lead',
  tags: ['demo'],
  deal_value: SAMPLE_COMPANY.total_deal_value,
  city: SAMPLE_COMPANY.city,
  country: SAMPLE_COMPANY.country,
  created_at: sampleCreatedAt,
  updated_at: sampleCreatedAt,
} satisfies Contact;

export const SAMPLE_ACTIVITY = {
  id: 'act_01HN4S2V4X6Z8B1D3F5H7K9M2P',
  contact_id: sampleContactId,
  activity_type: 'note',
  title: 'No-show',
  description: 'Missed the demo booked for Tuesday; follow up by email.',
  created_at: sampleCreatedAt,
} satisfies Activity;

/** Clarky documents no field of a start's answer, so the sample claims none. */
export const SAMPLE_SEQUENCE_STARTED = { status: 'pending_approval', data: {} } satisfies SequenceStarted;

/** What each resource's operations answer with (a list operation: items like this one). */
export const SAMPLE_RECORDS: { readonly [R in ActionResource]: Readonly<Record<string, unknown>> } = {
  contact: SAMPLE_CONTACT,
  company: SAMPLE_COMPANY,
  activity: SAMPLE_ACTIVITY,
  sequence: SAMPLE_SEQUENCE_STARTED,
  agent: SAMPLE_AGENTS[0],
};
