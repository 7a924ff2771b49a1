/**
 * A realistic context for a triggered event: core's sample for that event, with a fresh
 * conversation id and timestamp, the chosen agent's fields, then the caller's overrides.
 */
import {
  conversationUrl,
  samplePayload,
  VARIABLE_NAMES,
  VARIABLES,
  type Agent,
  type EventContext,
  type EventKey,
  type Variable,
} from '@clarky/core';
import { validationError, zodProblems, type FieldProblem } from '../http/validation';
import { prefixedId } from '../workspace/ids';
import type { SeededRandom } from '../workspace/seeded-random';

export function makeEventContext(
  event: EventKey,
  agent: Agent,
  overrides: EventContext,
  random: SeededRandom,
): EventContext {
  const sample = samplePayload(event);
  const conversationId = prefixedId('c', random);
  return {
    ...sample,
    timestamp: new Date().toISOString(),
    botId: agent.id,
    botName: agent.name,
    conversationId,
    conversationUrl: conversationUrl(conversationId),
    ...overrides,
  };
}

const SCHEMAS = new Map<string, Variable['schema']>(VARIABLES.map((variable) => [variable.name, variable.schema]));

/** Overrides must name known variables and hold values their schemas accept (422 otherwise). */
export function checkOverrides(input: unknown): EventContext {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw validationError([{ field: 'overrides', message: 'must be an object of template variable values' }]);
  }
  const problems: FieldProblem[] = [];
  const overrides: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const schema = SCHEMAS.get(name);
    if (!schema) {
      problems.push({
        field: `overrides.${name}`,
        message: `is not a template variable; use one of: ${VARIABLE_NAMES.join(', ')}`,
      });
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) overrides[name] = parsed.data;
    else problems.push(...zodProblems(parsed.error, value, ['overrides', name]));
  }
  if (problems.length > 0) throw validationError(problems);
  return overrides as EventContext;
}
