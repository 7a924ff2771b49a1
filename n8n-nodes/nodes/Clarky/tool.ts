/**
 * What a model is given when the Clarky node is a tool of n8n's AI Agent (or of the MCP Server Trigger): n8n wraps a
 * `usableAsTool` node as "<node>Tool" and builds the tool's JSON schema from the `$fromAI()` calls in its parameters,
 * and its description from a `toolDescription` parameter. Both come from core's ACTIONS here, so the model is told
 * what each operation does and what each field means, which fields it may leave out and which values it may choose.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { resourceLabel, type ActionField, type ActionOperation } from '@clarky/core';

/**
 * The comment n8n's editor writes into the value of a field the model fills ("let the model define this
 * parameter"): with it the editor shows the field as model-defined, with its description editable, even on a
 * dropdown.
 */
export const FROM_AI_MARKER = '/*n8n-auto-generated-fromAI-override*/';

/** Auto-Approve decides whether outreach goes out without review: a person sets it, not the model. */
export const modelFills = (field: ActionField): boolean => field.key !== 'auto_approve';

/** What the model reads about a field: Clarky's help text, and what values it takes. */
export function modelDescription(field: ActionField): string {
  const parts = [field.help];
  if (field.options) parts.push(`One of: ${field.options.join(', ')}.`);
  if (field.choices === 'agents') parts.push('An agent ID (bot_id) from Clarky.');
  if (field.choices === 'pipelineStages') parts.push('A pipeline stage ID from Clarky.');
  if (field.type === 'datetime') parts.push('ISO 8601, e.g. 2026-01-31T09:00:00Z.');
  if (field.type === 'list') parts.push('Comma-separated.');
  if (field.type === 'number') parts.push('A number.');
  return parts.join(' ');
}

/**
 * The field as the model fills it. An optional field gets a default, which is what makes n8n leave it out of the
 * schema's `required`; the default ('') is "not given" to the node, so nothing is sent for it.
 */
export function fromAI(field: ActionField): string {
  const description = modelDescription(field);
  // The description is a template literal inside an n8n expression: a backtick, `${` or `}}` would break out of it.
  if (/[`\\]|\$\{|\}\}/.test(description)) throw new Error(`${field.key}: its help text cannot go into $fromAI()`);
  // Every value is text to the model: n8n checks a default against the type, so an optional number could only
  // default to a number, and any number would be sent. The node reads "30" as 30.
  const fallback = field.required ? '' : ", ''";
  return `={{ ${FROM_AI_MARKER} $fromAI('${field.key}', \`${description}\`, 'string'${fallback}) }}`;
}

/** What the tool says it does: the operation's description from core. */
export const toolDescription = (operation: ActionOperation): string => `${operation.description}.`;

/** n8n names a node wrapped as a tool "<type>Tool" (its own `@tool` display condition reads the same). */
export const runsAsTool = (context: IExecuteFunctions): boolean => context.getNode().type.endsWith('Tool');

/** A model gets no item as an empty answer; as a tool, "nothing found" says so. */
export const nothingFound = (operation: ActionOperation) => ({
  found: false,
  message: `Clarky has no ${resourceLabel(operation.resource).toLowerCase()} that matches.`,
});
