/**
 * JSON-safe payload templates. A template is JSON in which `{{variable}}` may stand inside a string (the value goes
 * in JSON-escaped) or where a value goes (the value goes in as JSON: a number stays a number, missing is null).
 * compile checks a template once; render fills it for one event, and its output is always valid JSON.
 */
import { VARIABLE_NAMES } from './variables';
import type { EventContext } from './payload';
import { stringSlotText, valueSlotJson } from './template/escape';
import { describePosition, positionOf, TemplateError, type TemplateProblem } from './template/problems';
import { scanTemplate, type Program } from './template/scan';

export { TemplateError, type TemplateProblem } from './template/problems';

export interface CompiledTemplate extends Program {
  /** The template as written ('' for the default payload). */
  readonly source: string;
}

export type CompileResult = { ok: true; template: CompiledTemplate } | { ok: false; errors: TemplateProblem[] };

/** The default payload written as a template: the 14 variables in catalog order, as JSON.stringify lays them out. */
export const DEFAULT_TEMPLATE = `{${VARIABLE_NAMES.map((name) => `${JSON.stringify(name)}:{{${name}}}`).join(',')}}`;

const defaultProgram = scanTemplate(DEFAULT_TEMPLATE);

/** Only JSON's own whitespace: a template of nothing else means "send the default payload". */
const BLANK = /^[ \t\n\r]*$/;

/** Checks a template. Never throws: every problem comes back with its line, column and what to do. */
export function compile(text: string): CompileResult {
  if (typeof text !== 'string') {
    return {
      ok: false,
      errors: [{ message: 'Template: expected text (a JSON template or empty).', line: 1, column: 1 }],
    };
  }
  if (BLANK.test(text)) {
    return { ok: true, template: { source: '', literals: defaultProgram.literals, slots: defaultProgram.slots } };
  }
  const scan = scanTemplate(text);
  if (scan.findings.length === 0) {
    return { ok: true, template: { source: text, literals: scan.literals, slots: scan.slots } };
  }
  const errors = [...scan.findings]
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, message, variable, suggestion }): TemplateProblem => {
      const position = positionOf(text, offset);
      const where = describePosition(position);
      const problem = { message: `Template ${where}: ${message}`, ...position };
      return {
        ...problem,
        ...(variable !== undefined && { variable }),
        ...(suggestion !== undefined && { suggestion }),
      };
    });
  return { ok: false, errors };
}

/** compile, throwing a TemplateError (and nothing else) when the template has problems. */
export function compileOrThrow(text: string): CompiledTemplate {
  const result = compile(text);
  if (!result.ok) throw new TemplateError(result.errors);
  return result.template;
}

/** The body for one event: always valid JSON. Values are data: a value holding "{{x}}" is never expanded. */
export function render(template: CompiledTemplate, context: EventContext): string {
  const { literals, slots } = template;
  let out = literals[0] as string;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as (typeof slots)[number];
    const value = context[slot.name];
    out += (slot.inString ? stringSlotText(value) : valueSlotJson(value)) + (literals[i + 1] as string);
  }
  return out;
}
