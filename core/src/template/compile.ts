/**
 * JSON-safe payload templates. A template is JSON in which `{{variable}}` may stand inside a string (the value goes
 * in JSON-escaped) or where a value goes (the value goes in as JSON: a number stays a number, missing is null).
 * compile checks a template once; render fills it for one event, and its output is always valid JSON.
 */
import { VARIABLE_NAMES } from '../variables';
import type { EventContext } from '../payload';
import { escapeJsonText, isPlainJsonString } from './escape';
import { describePosition, positionsOf, TemplateError, type Position, type TemplateProblem } from './problems';
import { scanTemplate, type Program, type Slot } from './scan';

/**
 * A literal piece of the template in four versions, so a string value's quotes cost no extra concatenation:
 * [as written, with the closing quote of the string before it, with the opening quote of the string after it, both].
 */
type Chunk = readonly [string, string, string, string];

export interface CompiledTemplate {
  /** The template as written ('' for the default payload). */
  readonly source: string;
  /** chunks[0], slots[0], chunks[1], ... chunks[slots.length]. */
  readonly chunks: readonly Chunk[];
  readonly slots: readonly Slot[];
  /** Where each slot's value sits in contextValues. */
  readonly valueIndexes: readonly number[];
}

/**
 * Every variable's value, in catalog order.
 * Written out key by key because fixed-name reads stay on V8's inline cache; `context[slot.name]` would not.
 */
function contextValues(c: EventContext): readonly unknown[] {
  return [
    c.event,
    c.timestamp,
    c.botId,
    c.botName,
    c.conversationId,
    c.conversationUrl,
    c.firstMessage,
    c.type,
    c.phoneNumber,
    c.firstName,
    c.lastName,
    c.email,
    c.sentimentScore,
    c.sentimentSummary,
  ];
}

/** Where contextValues puts each variable, read off by giving it each variable's name as its value. */
const valueIndex = new Map(
  contextValues(Object.fromEntries(VARIABLE_NAMES.map((name) => [name, name]))).map((name, i) => [name, i]),
);

function compiled(source: string, { literals, slots }: Program): CompiledTemplate {
  const chunks = literals.map((literal): Chunk => [literal, '"' + literal, literal + '"', '"' + literal + '"']);
  const valueIndexes = slots.map((slot) => valueIndex.get(slot.name) ?? -1);
  return { source, chunks, slots, valueIndexes };
}

export type CompileResult = { ok: true; template: CompiledTemplate } | { ok: false; errors: TemplateProblem[] };

/** The default payload written as a template: the 14 variables in catalog order, as JSON.stringify lays them out. */
export const DEFAULT_TEMPLATE = `{${VARIABLE_NAMES.map((name) => `${JSON.stringify(name)}:{{${name}}}`).join(',')}}`;

const defaultTemplate = compiled('', scanTemplate(DEFAULT_TEMPLATE));

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
    return { ok: true, template: defaultTemplate };
  }
  const scan = scanTemplate(text);
  if (scan.findings.length === 0) {
    return { ok: true, template: compiled(text, scan) };
  }
  const findings = [...scan.findings].sort((a, b) => a.offset - b.offset);
  const positions = positionsOf(
    text,
    findings.map((finding) => finding.offset),
  );
  const errors = findings.map(({ message, variable, suggestion }, i): TemplateProblem => {
    const position = positions[i] as Position;
    return {
      message: `Template ${describePosition(position)}: ${message}`,
      ...position,
      ...(variable !== undefined && { variable }),
      ...(suggestion !== undefined && { suggestion }),
    };
  });
  return { ok: false, errors };
}

/**
 * Whether the template's body is a JSON object (the default payload is). Hosts that turn a delivery into one record,
 * like an n8n item, need one; an array, a string or a bare value is valid JSON but not a record.
 */
export function rendersObject(template: CompiledTemplate): boolean {
  return (template.chunks[0] as Chunk)[0].trimStart().startsWith('{');
}

/** compile, throwing a TemplateError (and nothing else) when the template has problems. */
export function compileOrThrow(text: string): CompiledTemplate {
  const result = compile(text);
  if (!result.ok) throw new TemplateError(result.errors);
  return result.template;
}

/**
 * One pass over the slots. Without `escape`, values go in as they are and the pass gives up (undefined) when any
 * of them needs escaping; that check runs once over all the string values, which is what makes render fast.
 */
function fill(template: CompiledTemplate, values: readonly unknown[], escape: boolean): string | undefined {
  const { chunks, slots, valueIndexes } = template;
  let out = '';
  let strings = '"'; // every string value, as one JSON string literal
  let afterQuoted = 0; // 1 when the previous slot was a string in value position, whose closing quote comes next
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    const value = values[valueIndexes[i] as number];
    let text: string;
    let quoted = 0;
    if (typeof value === 'string') {
      if (escape) text = escapeJsonText(value);
      else {
        text = value;
        strings += value;
      }
      if (!slot.inString) quoted = 1;
    } else if (typeof value === 'number' && Number.isFinite(value)) text = '' + value;
    else text = slot.inString ? '' : 'null';
    out += (chunks[i] as Chunk)[afterQuoted | (quoted << 1)] + text;
    afterQuoted = quoted;
  }
  out += (chunks[slots.length] as Chunk)[afterQuoted];
  return escape || isPlainJsonString(strings + '"') ? out : undefined;
}

/** The body for one event: always valid JSON. Values are data: a value holding "{{x}}" is never expanded. */
export function render(template: CompiledTemplate, context: EventContext): string {
  const values = contextValues(context);
  return fill(template, values, false) ?? (fill(template, values, true) as string);
}
