/**
 * One run of the Clarky node: the chosen operation from core's ACTIONS, once per input item. A list gives one item
 * per entry; Find Contact by Email gives no item when Clarky has no such contact (n8n's "Always Output Data" setting
 * turns that into an empty item). With "Continue on fail", an item that fails becomes `{ error }` and the rest run.
 * As a tool, the model's answer: nothing found is said in words, and a failure is `{ error }` with what to do, which the
 * model can act on (an agent step that throws gives it nothing to read).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { actionOperation, recordsOf } from '@clarky/core';
import { clarkyNodeError } from '../../shared/errors';
import { clarkyClient } from '../../shared/transport';
import { nothingFound, runsAsTool } from './tool';
import { actionValues } from './values';

export async function runClarkyOperation(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
  const client = await clarkyClient(context);
  const output: INodeExecutionData[] = [];
  const items = context.getInputData();
  const asTool = runsAsTool(context);
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      const resource = context.getNodeParameter('resource', itemIndex) as string;
      const verb = context.getNodeParameter('operation', itemIndex) as string;
      const operation = actionOperation(`${resource}.${verb}`);
      const values = actionValues(context, operation, itemIndex);
      const returnAll = operation.list && (context.getNodeParameter('returnAll', itemIndex, false) as boolean);
      const limit =
        operation.list && !returnAll ? (context.getNodeParameter('limit', itemIndex, 50) as number) : undefined;
      const found = recordsOf(await operation.run(client, values, limit));
      const answer = asTool && found.length === 0 ? [nothingFound(operation)] : found;
      for (const json of answer) output.push({ json: json as IDataObject, pairedItem: { item: itemIndex } });
    } catch (error) {
      const nodeError = clarkyNodeError(context.getNode(), error, itemIndex);
      if (!asTool && !context.continueOnFail()) throw nodeError;
      output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
    }
  }
  return output;
}
