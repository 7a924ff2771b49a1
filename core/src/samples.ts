/** Realistic, deterministic sample payloads: Zapier samples, n8n docs, sandbox seeds and tests. */
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
