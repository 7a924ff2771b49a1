/** Clarky's errors, shown the way n8n shows a node's errors. */
import { NodeOperationError, type INode } from 'n8n-workflow';
import { ClarkyApiError, type TemplateProblem } from '@clarky/core';

/** The core client's message already says what to do; the description keeps the HTTP facts. */
export function clarkyNodeError(node: INode, error: unknown): NodeOperationError {
  if (error instanceof NodeOperationError) return error;
  if (error instanceof ClarkyApiError) {
    const answer = error.status === 0 ? 'no answer' : `HTTP ${error.status}`;
    const nodeError = new NodeOperationError(node, error.message, {
      description: `Clarky: ${answer} (${error.code}).`,
    });
    // n8n swaps a message that names an errno (ECONNREFUSED, ...) for generic text; the client's says what to do.
    nodeError.message = error.message;
    return nodeError;
  }
  return new NodeOperationError(node, error instanceof Error ? error : String(error));
}

/** A template Clarky would refuse (or that would send broken JSON), with every problem found. */
export function templateNodeError(node: INode, problems: readonly TemplateProblem[]): NodeOperationError {
  const [first] = problems;
  const message = first ? `Custom Payload Template: ${first.message}` : 'Custom Payload Template is not valid';
  const description = problems
    .map((problem) => problem.message)
    .concat('Fix the template in Options > Custom Payload Template, or remove it to receive the default payload.')
    .join('\n');
  return new NodeOperationError(node, message, { description });
}
