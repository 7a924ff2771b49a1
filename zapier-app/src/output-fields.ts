/** Zapier output fields for the default payload, straight from core's variable catalog. */
import { VARIABLES, type VariableType } from '@clarky/core';
import type { PlainOutputField } from 'zapier-platform-core';

type ZapierFieldType = NonNullable<PlainOutputField['type']>;

const ZAPIER_TYPES: { readonly [K in VariableType['kind']]: ZapierFieldType } = {
  string: 'string',
  datetime: 'datetime',
  enum: 'string',
  integer: 'integer',
};

/** A variable that can never be null is always in the payload: Zapier may rely on it. */
export const PAYLOAD_OUTPUT_FIELDS: readonly PlainOutputField[] = VARIABLES.map((variable) => ({
  key: variable.name,
  label: variable.label,
  type: ZAPIER_TYPES[variable.type.kind],
  required: !variable.schema.safeParse(null).success,
}));
