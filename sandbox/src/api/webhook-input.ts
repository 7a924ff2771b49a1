/**
 * Validating a webhook create or update body: core's schemas for the fields, the workspace's
 * agents for `bot_ids`, core's template compiler for `payload_template`. Every problem at once.
 */
import {
  compile,
  WebhookCreateSchema,
  WebhookUpdateSchema,
  type Agent,
  type CompiledTemplate,
  type TemplateProblem,
} from '@clarky/core';
import type { z } from 'zod/v4';
import { requireObject } from '../http/json-body';
import { unknownAgent, validationError, zodProblems, type FieldProblem } from '../http/validation';
import type { Checked, WebhookCreateFields, WebhookUpdateFields } from '../workspace/webhook-store';

export function checkCreate(body: unknown, agents: readonly Agent[]): Checked<WebhookCreateFields> {
  const { data, template } = parse(WebhookCreateSchema, body, agents);
  return { fields: deduped(data), template };
}

export function checkUpdate(body: unknown, agents: readonly Agent[]): Checked<WebhookUpdateFields> {
  const { data, template } = parse(WebhookUpdateSchema, body, agents);
  return { fields: deduped(data), template };
}

function parse<T>(schema: z.ZodType<T>, body: unknown, agents: readonly Agent[]) {
  const input = requireObject(body);
  const parsed = schema.safeParse(input);
  const { problems, template } = checkAgentsAndTemplate(input, agents);
  if (!parsed.success) problems.unshift(...zodProblems(parsed.error, input));
  if (!parsed.success || problems.length > 0) throw validationError(problems);
  return { data: parsed.data, template };
}

/** The rules a schema cannot know: which agents exist, and whether the template compiles. */
function checkAgentsAndTemplate(input: Record<string, unknown>, agents: readonly Agent[]) {
  const problems: FieldProblem[] = [];
  const known = new Set(agents.map((agent) => agent.id));
  if (Array.isArray(input.bot_ids)) {
    input.bot_ids.forEach((botId: unknown, index) => {
      if (typeof botId === 'string' && botId !== '' && !known.has(botId)) {
        problems.push(unknownAgent(`bot_ids[${index}]`, botId, ', or leave bot_ids empty for every agent'));
      }
    });
  }

  let template: CompiledTemplate | undefined;
  if (typeof input.payload_template === 'string' || input.payload_template === null) {
    const compiled = compile(input.payload_template ?? '');
    if (compiled.ok) template = compiled.template;
    else problems.push(...compiled.errors.map(templateProblem));
  }
  return { problems, template };
}

function templateProblem(problem: TemplateProblem): FieldProblem {
  return { field: 'payload_template', ...problem };
}

/** `events` and `bot_ids` without repeats, where the body set them. */
function deduped<T extends { events?: readonly unknown[]; bot_ids?: readonly unknown[] }>(data: T): T {
  return {
    ...data,
    ...(data.events && { events: [...new Set(data.events)] }),
    ...(data.bot_ids && { bot_ids: [...new Set(data.bot_ids)] }),
  };
}
