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

/** Each kind's description and its zod rule, written once; a value that may be unknown is null. */
const string = { type: { kind: 'string' }, schema: z.string() } as const;
const text = { ...string, schema: string.schema.nullable() } as const;
const datetime = { type: { kind: 'datetime' }, schema: z.iso.datetime({ offset: true }) } as const;
const oneOf = <const V extends readonly [string, ...string[]]>(values: V) =>
  ({ type: { kind: 'enum', values }, schema: z.enum(values).nullable() }) as const;
const integer = (min: number, max: number) =>
  ({ type: { kind: 'integer', min, max }, schema: z.number().int().min(min).max(max).nullable() }) as const;

/** One catalog entry: its name, label and description, then its kind. */
const variable = <const N extends string, K extends Pick<Variable, 'type' | 'schema'>>(
  name: N,
  label: string,
  description: string,
  kind: K,
) => ({ name, label, description, ...kind }) as const;

export const VARIABLES = [
  variable('event', 'Event', 'The event key, such as booking.confirmed', string),
  variable('timestamp', 'Timestamp', 'When the event happened (ISO 8601 with time zone)', datetime),
  variable('botId', 'Agent ID', 'ID of the agent involved', text),
  variable('botName', 'Agent Name', 'Name of the agent involved', text),
  variable('conversationId', 'Conversation ID', 'ID of the conversation', text),
  variable('conversationUrl', 'Conversation URL', 'Link to the conversation in Clarky', text),
  variable('firstMessage', 'First Message', 'The first message of the conversation', text),
  variable('type', 'Channel', 'Conversation channel: chat, text, voice or email', oneOf(CHANNELS)),
  variable('phoneNumber', 'Phone Number', "The contact's phone number (E.164)", text),
  variable('firstName', 'First Name', "The contact's first name", text),
  variable('lastName', 'Last Name', "The contact's last name", text),
  variable('email', 'Email', "The contact's email address", text),
  variable(
    'sentimentScore',
    'Sentiment Score',
    'Conversation sentiment from 0 (negative) to 100 (positive)',
    integer(0, 100),
  ),
  variable('sentimentSummary', 'Sentiment Summary', "A short summary of the contact's sentiment", text),
] as const satisfies readonly Variable[];

export type VariableName = (typeof VARIABLES)[number]['name'];

export const VARIABLE_NAMES: readonly VariableName[] = VARIABLES.map((variable) => variable.name);

const names = new Set<string>(VARIABLE_NAMES);

export function isVariableName(name: string): name is VariableName {
  return names.has(name);
}
