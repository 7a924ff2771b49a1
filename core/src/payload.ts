/** The default payload: what Clarky sends when a webhook has no template. */
import { z } from 'zod/v4';
import { VARIABLES, VARIABLE_NAMES, type VariableName } from './variables';

type PayloadShape = { [V in (typeof VARIABLES)[number] as V['name']]: V['schema'] };

const shape = Object.fromEntries(VARIABLES.map((variable) => [variable.name, variable.schema])) as PayloadShape;

/** Exactly the 14 variables; extra keys Clarky may add later are kept, not refused. */
export const DefaultPayloadSchema = z.looseObject(shape);

export type DefaultPayload = z.infer<typeof DefaultPayloadSchema>;

/** What is known about one event: any subset of the variables. Missing means null. */
export type EventContext = { readonly [K in VariableName]?: string | number | null };

/** The default payload for an event context: the 14 keys in catalog order, missing values as null. */
export function buildDefaultPayload(context: EventContext): DefaultPayload {
  const payload: Record<string, string | number | null> = {};
  for (const name of VARIABLE_NAMES) payload[name] = context[name] ?? null;
  return payload as DefaultPayload;
}
