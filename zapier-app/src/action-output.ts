/**
 * What a create or search hands to the next Zap step: the sample is core's record of the resource; the output
 * fields are read off it, so a label and a type exist for every field the sample shows.
 */
import { SAMPLE_RECORDS, fieldLabel, type ActionResource } from '@clarky/core';
import type { PlainOutputField } from 'zapier-platform-core';

export function actionSample(resource: ActionResource): Record<string, unknown> {
  return structuredClone(SAMPLE_RECORDS[resource]);
}

export function actionOutputFields(resource: ActionResource): PlainOutputField[] {
  return outputFields(SAMPLE_RECORDS[resource]);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Zapier's names for nested values: `parent__child` inside an object, `list[]child` for the items of a list.
 * Lists of plain values (tags) are left to Zapier, which shows them joined.
 */
function outputFields(record: Readonly<Record<string, unknown>>, key = '', label = ''): PlainOutputField[] {
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
