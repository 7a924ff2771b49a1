/**
 * Core's action fields as Zapier input fields, and Zapier's input data back as core's values. Labels, help and
 * choices are core's; only how Zapier shows a type is decided here.
 */
import { fieldLabel, type ActionChoices, type ActionField, type ActionValues } from '@clarky/core';
import type { PlainInputField } from 'zapier-platform-core';
import { AGENT_DROPDOWN } from './agent-trigger';
import { RECORD_PICKERS } from './record-pickers';

const ZAPIER_TYPES: { readonly [K in ActionField['type']]: NonNullable<PlainInputField['type']> } = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  datetime: 'datetime',
  list: 'string',
};

// Stages need a pipeline chosen first; no Zapier action here takes one yet, so only agents have a dropdown.
const DROPDOWNS: { readonly [K in ActionChoices]?: string } = { agents: AGENT_DROPDOWN };

export function inputField(field: ActionField, required = field.required ?? false): PlainInputField {
  const dynamic = field.choices && DROPDOWNS[field.choices];
  const picker = RECORD_PICKERS[field.key];
  return {
    key: field.key,
    label: field.label,
    type: ZAPIER_TYPES[field.type],
    required,
    helpText: field.help,
    ...(field.type === 'list' && { list: true }),
    ...(field.options && { choices: Object.fromEntries(field.options.map((option) => [option, fieldLabel(option)])) }),
    ...(dynamic && { dynamic }),
    ...picker,
    ...(field.example && { placeholder: field.example }),
  };
}

const TRUE = /^(true|yes|on|1)$/i;
const FALSE = /^(false|no|off|0)$/i;

/**
 * The values core's `run` takes. Zapier may hand over typed values or text (a mapped field is text); text that does
 * not read as the field's type goes through unchanged, so core's check names the field by its label.
 */
export function actionValues(
  fields: readonly ActionField[],
  inputData: Readonly<Record<string, unknown>>,
): ActionValues {
  const values: Record<string, ActionValues[string]> = {};
  for (const field of fields) {
    const raw = inputData[field.key];
    if (raw === undefined || raw === null || raw === '') continue;
    values[field.key] = asType(field.type, raw);
  }
  return values;
}

function asType(type: ActionField['type'], raw: unknown): ActionValues[string] {
  if (type === 'list') return (Array.isArray(raw) ? raw : [raw]).map(String).filter((item) => item !== '');
  if (typeof raw !== 'string') return typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
  const text = raw.trim();
  if (type === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'boolean' && TRUE.test(text)) return true;
  if (type === 'boolean' && FALSE.test(text)) return false;
  return raw;
}
