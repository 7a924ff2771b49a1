/**
 * What a create or search hands to the next Zap step: core's record shaped for mapping (stepOutput), live and in
 * the sample alike. The sample is core's record of the resource; the output fields are read off the shaped
 * sample, so a label and a type exist for every field the sample shows.
 */
import {
  SAMPLE_CONTACT,
  SAMPLE_RECORDS,
  fieldLabel,
  type ActionResource,
  type ActionValues,
  type SequenceStarted,
} from '@clarky/core';
import type { PlainOutputField } from 'zapier-platform-core';
import { withPrimaryDetails } from './primary-details';
import { sequenceResult } from './sequence-result';

/** One record of `resource` as Zapier gets it; `values` are the step's input (Start Sequence echoes some). */
export function stepOutput(
  resource: ActionResource,
  record: Readonly<Record<string, unknown>>,
  values: ActionValues,
): Record<string, unknown> {
  if (resource === 'contact' || resource === 'company') return withPrimaryDetails(record);
  if (resource === 'sequence') return sequenceResult(record as unknown as SequenceStarted, values);
  return { ...record };
}

/** What the sample Start Sequence was given: the sample contact, for a template id shaped like Clarky's. */
const SAMPLE_SEQUENCE_VALUES: ActionValues = {
  template_id: 'st_01HV6Z0KZJ3PQ7GRJ670W9PDS1',
  email: SAMPLE_CONTACT.emails[0]?.email,
  phone_number: SAMPLE_CONTACT.phone_numbers[0]?.phone_number,
};

export function actionSample(resource: ActionResource): Record<string, unknown> {
  return stepOutput(resource, structuredClone(SAMPLE_RECORDS[resource]), SAMPLE_SEQUENCE_VALUES);
}

export function actionOutputFields(resource: ActionResource): PlainOutputField[] {
  return outputFields(actionSample(resource));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The output fields of any record shaped like a sample (here and the dropdowns' hidden triggers). Zapier's names for
 * nested values: `parent__child` inside an object, `list[]child` for the items of a list. Lists of plain values (tags)
 * are left to Zapier, which shows them joined.
 */
export function outputFields(record: Readonly<Record<string, unknown>>, key = '', label = ''): PlainOutputField[] {
  return Object.entries(record).flatMap(([name, value]): PlainOutputField[] => {
    const fieldKey = key + name;
    const fieldName = `${label}${fieldLabel(name)}`;
    if (isRecord(value)) return outputFields(value, `${fieldKey}__`, `${fieldName} `);
    if (Array.isArray(value)) return isRecord(value[0]) ? outputFields(value[0], `${fieldKey}[]`, `${fieldName} `) : [];
    return [{ key: fieldKey, label: fieldName, type: outputType(name, value) }];
  });
}

function outputType(name: string, value: unknown): NonNullable<PlainOutputField['type']> {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return /_(at|date)$/.test(name) ? 'datetime' : 'string';
}
