/**
 * A realistic context for a triggered event: core's sample for that event, with a fresh
 * conversation id and timestamp, the chosen agent's fields, then the caller's overrides.
 */
import { samplePayload, VARIABLES, type Agent, type EventContext, type EventKey } from '@clarky/core';
import { prefixedId } from './ids';
import type { SeededRandom } from './seeded-random';
import { validationError, zodProblems, type FieldProblem } from './validation';

export function makeEventContext(
  event: EventKey,
  agent: Agent,
  overrides: EventContext,
  random: SeededRandom,
): EventContext {
  const sample = samplePayload(event);
  const conversationId = prefixedId('c', random);
  const conversationUrl =
    sample.conversationUrl && sample.conversationId
      ? sample.conversationUrl.replace(sample.conversationId, conversationId)
      : null;
  return {
    ...sample,
    timestamp: new Date().toISOString(),
    botId: agent.id,
    botName: agent.name,
    conversationId,
    conversationUrl,
    ...overrides,
  };
}

/** Overrides must name known variables and hold values their schemas accept (422 otherwise). */
export function checkOverrides(input: unknown): EventContext {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw validationError([{ field: 'overrides', message: 'must be an object of template variable values' }]);
  }
  const problems: FieldProblem[] = [];
  const overrides: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const variable = VARIABLES.find((candidate) => candidate.name === name);
    if (!variable) {
      problems.push({
        field: `overrides.${name}`,
        message: `is not a template variable; use one of: ${VARIABLES.map((known) => known.name).join(', ')}`,
      });
      continue;
    }
    const parsed = variable.schema.safeParse(value);
    if (parsed.success) overrides[name] = parsed.data;
    else problems.push(...zodProblems(parsed.error, value, ['overrides', name]));
  }
  if (problems.length > 0) throw validationError(problems);
  return overrides as EventContext;
}
