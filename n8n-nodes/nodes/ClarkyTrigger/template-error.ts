/** A Custom Payload Template Clarky would refuse, shown the way n8n shows a node's errors. */
import { NodeOperationError, type INode } from 'n8n-workflow';
import type { TemplateProblem } from '@clarky/core';

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
