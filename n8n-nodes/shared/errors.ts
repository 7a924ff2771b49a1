/** Clarky's errors, shown the way n8n shows a node's errors; shared by the trigger and the Clarky node. */
import { NodeOperationError, type INode } from 'n8n-workflow';
import { ActionInputError, ClarkyApiError } from '@clarky/core';

/**
 * The core client's message already says what to do; the description keeps the HTTP facts. `itemIndex` names the
 * input item a Clarky node operation failed on, so n8n shows it (and "Continue on fail" pairs the error item).
 */
export function clarkyNodeError(node: INode, error: unknown, itemIndex?: number): NodeOperationError {
  if (error instanceof NodeOperationError) return error;
  if (error instanceof ClarkyApiError) {
    const answer = error.status === 0 ? 'no answer' : `HTTP ${error.status}`;
    const nodeError = new NodeOperationError(node, error.message, {
      description: `Clarky: ${answer} (${error.code}).`,
      itemIndex,
    });
    // n8n swaps a message that names an errno (ECONNREFUSED, ...) for generic text; the client's says what to do.
    nodeError.message = error.message;
    return nodeError;
  }
  if (error instanceof ActionInputError) {
    return new NodeOperationError(node, error.message, { description: 'Nothing was sent to Clarky.', itemIndex });
  }
  return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
