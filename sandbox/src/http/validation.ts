/**
 * 422 `validation_error` with one entry per bad field in `details`, and messages that say what
 * to send instead. zod's issues are reworded here; the rules themselves live in core's schemas.
 */
import { EVENT_KEYS, ROUTES } from '@clarky/core';
import type { z } from 'zod/v4';
import { HttpError } from './http-error';
import { requireObject } from './json-body';

export interface FieldProblem {
  /** The field as a path: `url`, `events[1]`, `overrides.<variable>`. */
  readonly field: string;
  readonly message: string;
  /** Template problems also say where in the template. */
  readonly line?: number;
  readonly column?: number;
  readonly variable?: string;
  readonly suggestion?: string;
}

export function validationError(problems: readonly FieldProblem[]): HttpError {
  const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  return new HttpError('validation_error', `Invalid request: ${summary}`, problems);
}

export function unknownAgent(field: string, botId: unknown, hint = ''): FieldProblem {
  return { field, message: `no agent has id ${JSON.stringify(botId)}; use an id from GET ${ROUTES.agents}${hint}` };
}

export function unknownEvent(field: string, event: unknown): FieldProblem {
  return { field, message: `${JSON.stringify(event)} is not an event; use one of: ${EVENT_KEYS.join(', ')}` };
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? 'body' : out;
}

/** zod issues as field problems (the first per field), quoting the offending value from the input. */
export function zodProblems(
  error: z.ZodError,
  input: unknown,
  prefix: ReadonlyArray<PropertyKey> = [],
): FieldProblem[] {
  const byField = new Map<string, FieldProblem>();
  for (const issue of error.issues) {
    const field = fieldPath([...prefix, ...issue.path]);
    if (!byField.has(field)) byField.set(field, { field, message: reword(issue, valueAt(input, issue.path)) });
  }
  return [...byField.values()];
}

function reword(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'is required' : `must be ${article(issue.expected)}, not ${JSON.stringify(value)}`;
    case 'invalid_value':
      return `${JSON.stringify(value)} is not allowed; use one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be an absolute http:// or https:// URL' : `must be a valid ${issue.format}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `must be at least ${issue.minimum}${unit(issue.origin)}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${unit(issue.origin)}`;
    default:
      return issue.message;
  }
}

function unit(origin: string): string {
  if (origin === 'string') return ' characters long';
  if (origin === 'array') return ' items long';
  return '';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

export function unknownRecord(field: string, noun: string, id: unknown, listRoute: string): FieldProblem {
  return { field, message: `no ${noun} has id ${JSON.stringify(id)}; use an id from GET ${listRoute}` };
}

/**
 * A JSON object body checked against one of core's schemas, plus the problems only the workspace can see
 * (ids that do not exist); every problem at once in one 422.
 */
export function checkBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
  workspaceProblems: (input: Record<string, unknown>) => FieldProblem[],
): T {
  const input = requireObject(body);
  const parsed = schema.safeParse(input);
  const problems = [...(parsed.success ? [] : zodProblems(parsed.error, input)), ...workspaceProblems(input)];
  if (!parsed.success || problems.length > 0) throw validationError(problems);
  return parsed.data;
}

/** A problem when `input[field]` is an id that names nothing (`exists` says); none when it is absent or not text. */
export function missingId(
  input: Record<string, unknown>,
  field: string,
  exists: (id: string) => boolean,
  problem: (field: string, id: string) => FieldProblem,
): FieldProblem[] {
  const id = input[field];
  return typeof id === 'string' && id !== '' && !exists(id) ? [problem(field, id)] : [];
}

/** `unknownRecord` for `missingId`: "no contact has id ...; use an id from GET /contacts". */
export const unknownOf =
  (noun: string, listRoute: string) =>
  (field: string, id: string): FieldProblem =>
    unknownRecord(field, noun, id, listRoute);
