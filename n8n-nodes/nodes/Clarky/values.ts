/** What the user set on the Clarky node for one item, as core's ActionValues (keyed by Clarky's field names). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ActionField, ActionOperation, ActionValues } from '@clarky/core';
import { optionalFieldsName, parameterName } from './properties';

type ActionValue = ActionValues[string];

export function actionValues(context: IExecuteFunctions, operation: ActionOperation, itemIndex: number): ActionValues {
  const optional = operation.fields.some((field) => !field.required)
    ? (context.getNodeParameter(optionalFieldsName(operation), itemIndex, {}) as IDataObject)
    : {};
  const values: Record<string, ActionValue> = {};
  for (const field of operation.fields) {
    const name = parameterName(field);
    const given = field.required ? context.getNodeParameter(name, itemIndex, '') : optional[name];
    values[field.key] = actionValue(field, given);
  }
  return values;
}

/** Empty means "not given"; a list is the comma-separated string split (an expression may give an array). */
function actionValue(field: ActionField, given: unknown): ActionValue {
  if (given === undefined || given === null || given === '') return undefined;
  switch (field.type) {
    case 'list': {
      const entries = Array.isArray(given) ? given.map(String) : String(given).split(',');
      const list = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
      return list.length > 0 ? list : undefined;
    }
    case 'number':
      return Number(given);
    case 'boolean':
      return given === true || given === 'true';
    default:
      // A dateTime set by an expression ($now) is a Luxon DateTime: its string form is ISO 8601.
      return String(given);
  }
}
