/** The 14 template variables: the keys of the default payload and the names usable in `{{...}}`. */
import { z } from 'zod/v4';

export const CHANNELS = ['chat', 'text', 'voice', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export type VariableType =
  | { readonly kind: 'string' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number };

export interface Variable {
  readonly name: string;
  /** Short human label, for field pickers (Zapier output fields, n8n docs). */
  readonly label: string;
  readonly description: string;
  /** For people and field pickers; `schema` is the same rule for machines. */
  readonly type: VariableType;
  readonly schema: z.ZodType;
}

const text = { type: { kind: 'string' }, schema: z.string().nullable() } as const;

export const VARIABLES = [
  {
    name: 'event',
    label: 'Event',
    description: 'The event key, such as booking.confirmed',
    type: { kind: 'string' },
    schema: z.string(),
  },
  {
    name: 'timestamp',
    label: 'Timestamp',
    description: 'When the event happened (ISO 8601 with time zone)',
    type: { kind: 'datetime' },
    schema: z.iso.datetime({ offset: true }),
  },
  { name: 'botId', label: 'Agent ID', description: 'ID of the agent involved', ...text },
  { name: 'botName', label: 'Agent Name', description: 'Name of the agent involved', ...text },
  { name: 'conversationId', label: 'Conversation ID', description: 'ID of the conversation', ...text },
  { name: 'conversationUrl', label: 'Conversation URL', description: 'Link to the conversation in Clarky', ...text },
  { name: 'firstMessage', label: 'First Message', description: 'The first message of the conversation', ...text },
  {
    name: 'type',
    label: 'Channel',
    description: 'Conversation channel: chat, text, voice or email',
    type: { kind: 'enum', values: CHANNELS },
    schema: z.enum(CHANNELS).nullable(),
  },
  { name: 'phoneNumber', label: 'Phone Number', description: "The contact's phone number (E.164)", ...text },
  { name: 'firstName', label: 'First Name', description: "The contact's first name", ...text },
  { name: 'lastName', label: 'Last Name', description: "The contact's last name", ...text },
  { name: 'email', label: 'Email', description: "The contact's email address", ...text },
  {
    name: 'sentimentScore',
    label: 'Sentiment Score',
    description: 'Conversation sentiment from 0 (negative) to 100 (positive)',
    type: { kind: 'integer', min: 0, max: 100 },
    schema: z.number().int().min(0).max(100).nullable(),
  },
  {
    name: 'sentimentSummary',
    label: 'Sentiment Summary',
    description: "A short summary of the contact's sentiment",
    ...text,
  },
] as const satisfies readonly Variable[];

export type VariableName = (typeof VARIABLES)[number]['name'];

export const VARIABLE_NAMES: readonly VariableName[] = VARIABLES.map((variable) => variable.name);

const names = new Set<string>(VARIABLE_NAMES);

export function isVariableName(name: string): name is VariableName {
  return names.has(name);
}
