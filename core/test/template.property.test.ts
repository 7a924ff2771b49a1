import fc from 'fast-check';
import { compile, compileOrThrow, render, TemplateError, type TemplateProblem } from '../src/template';
import { buildDefaultPayload, type EventContext } from '../src/payload';
import { escapeJsonText, isPlainJsonString } from '../src/template/escape';
import { VARIABLE_NAMES, type VariableName } from '../src/variables';

// Thousands of runs with strings of tens of thousands of characters: more than the unit default (scripts/jest).
jest.setTimeout(60_000);

// ---------- adversarial values ----------

const tricky = [
  ...['"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '\ufeff'],
  ...['{{', '}}', '{', '}', '{{firstName}}', '\\u0041', '😀', '👩🏽‍💻', '\ud800', '\udbff', '\udc00', '\udfff', 'a', ' '],
];
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));

const adversarialText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...tricky) }),
  fc.string({ unit: 'binary' }), // any code point: emoji and other astral characters
  fc.string({ unit: anyCodeUnit }), // any UTF-16 unit: lone surrogates included
  fc.string({ unit: controlCharacter }),
  fc.string(),
);
const longText = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...tricky), minLength: 1, maxLength: 8 }),
    fc.integer({ min: 1000, max: 5000 }),
  )
  .map(([text, times]) => text.repeat(times));
const numberValue = fc.oneof(fc.constantFrom(0, -0, -1, 100), fc.integer(), fc.double());
const contextValue = fc.oneof(
  { weight: 6, arbitrary: adversarialText },
  { weight: 1, arbitrary: longText },
  { weight: 3, arbitrary: numberValue },
  { weight: 2, arbitrary: fc.constantFrom(null, undefined) },
);
/** Any subset of the variables, each with an adversarial value. */
const contextArbitrary: fc.Arbitrary<EventContext> = fc.record(
  Object.fromEntries(VARIABLE_NAMES.map((name) => [name, contextValue])) as Record<VariableName, typeof contextValue>,
  { requiredKeys: [] },
);

// ---------- random valid templates ----------

type Piece = { readonly text: string } | { readonly variable: VariableName; readonly pad: readonly string[] };
type Node =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'value'; readonly variable: VariableName; readonly pad: readonly string[] }
  | { readonly kind: 'string'; readonly pieces: readonly Piece[] }
  | { readonly kind: 'array'; readonly items: readonly Node[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [Node & { kind: 'string' }, Node])[] };

const variable = fc.constantFrom(...VARIABLE_NAMES);
const bracePad = fc.array(fc.constantFrom('', ' ', '  ', '\t'), { minLength: 2, maxLength: 2 });
/** Neighbouring texts as one piece, so the brace escaping in literalText sees what really touches a placeholder. */
function mergeTexts(pieces: readonly Piece[]): Piece[] {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if ('text' in piece && last !== undefined && 'text' in last)
      merged[merged.length - 1] = { text: last.text + piece.text };
    else merged.push(piece);
  }
  return merged;
}

const stringNode = fc
  .array(fc.oneof(fc.record({ text: adversarialText }), fc.record({ variable, pad: bracePad })), { maxLength: 5 })
  .map((pieces) => ({ kind: 'string' as const, pieces: mergeTexts(pieces) }));
const literalNode = fc
  .oneof(adversarialText, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
  .map((value) => ({ kind: 'literal' as const, value }));
const valueNode = fc.record({ kind: fc.constant('value' as const), variable, pad: bracePad });

const { node: nodeArbitrary } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    valueNode,
    stringNode,
    literalNode,
    fc.array(tie('node'), { maxLength: 4 }).map((items) => ({ kind: 'array' as const, items })),
    fc
      .array(fc.tuple(stringNode, tie('node')), { maxLength: 4 })
      .map((entries) => ({ kind: 'object' as const, entries })),
  ),
}));
const whitespace = fc.array(fc.constantFrom('', '', ' ', '\n', '\t', '\r\n', '  '), { minLength: 64, maxLength: 64 });

/**
 * Literal text of a template string: JSON-escaped, with doubled braces and a brace touching a placeholder written
 * as \u007b / \u007d, since "{{" and "}}" in a template are placeholder syntax.
 */
function literalText(text: string, placeholderFollows: boolean): string {
  let escaped = JSON.stringify(text)
    .slice(1, -1)
    .replace(/\{(?=\{)/g, '\\u007b')
    .replace(/\}(?=\})/g, '\\u007d');
  if (placeholderFollows && escaped.endsWith('{')) escaped = escaped.slice(0, -1) + '\\u007b';
  return escaped;
}

function placeholder(name: VariableName, pad: readonly string[]): string {
  return `{{${pad[0] ?? ''}${name}${pad[1] ?? ''}}}`;
}

function writeTemplate(root: Node, spaces: readonly string[]): string {
  let gap = 0;
  const space = (): string => spaces[gap++ % spaces.length] ?? '';
  const write = (node: Node): string => {
    switch (node.kind) {
      case 'literal':
        return typeof node.value === 'string' ? `"${literalText(node.value, false)}"` : JSON.stringify(node.value);
      case 'value':
        return placeholder(node.variable, node.pad);
      case 'string':
        return `"${node.pieces
          .map((piece, i) =>
            'text' in piece
              ? literalText(piece.text, node.pieces[i + 1] !== undefined && 'variable' in (node.pieces[i + 1] ?? {}))
              : placeholder(piece.variable, piece.pad),
          )
          .join('')}"`;
      case 'array':
        return `[${space()}${node.items.map((item) => write(item) + space()).join(`,${space()}`)}]`;
      case 'object':
        return `{${space()}${node.entries
          .map(([key, value]) => `${write(key)}${space()}:${space()}${write(value)}${space()}`)
          .join(`,${space()}`)}}`;
    }
  };
  return space() + write(root) + space();
}

/** What a value slot must come back as after JSON.parse: the value, or null when missing (-0 reads back as 0). */
function asJsonValue(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value === 0 ? 0 : value;
  return null;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** The value the rendered body must parse to. */
function expectedValue(node: Node, context: EventContext): unknown {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'number' ? JSON.parse(JSON.stringify(node.value)) : node.value;
    case 'value':
      return asJsonValue(context[node.variable]);
    case 'string':
      return node.pieces.map((piece) => ('text' in piece ? piece.text : asText(context[piece.variable]))).join('');
    case 'array':
      return node.items.map((item) => expectedValue(item, context));
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [key, value] of node.entries) {
        // defineProperty, like JSON.parse: a key "__proto__" is data, not the prototype
        const property = { value: expectedValue(value, context), enumerable: true, writable: true, configurable: true };
        Object.defineProperty(object, expectedValue(key, context) as string, property);
      }
      return object;
    }
  }
}

const templateArbitrary = fc.tuple(nodeArbitrary, whitespace).map(([root, spaces]) => ({
  root,
  text: writeTemplate(root, spaces),
}));

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('escaping', () => {
  it("render's fast check never lets through text that needs escaping, and passes plain text", () => {
    fc.assert(
      fc.property(fc.oneof(adversarialText, fc.string({ unit: 'grapheme-ascii' })), (text) => {
        const plain = isPlainJsonString(`"${text}"`);
        if (plain) expect(escapeJsonText(text)).toBe(text);
        if (escapeJsonText(text) === text && !/[\u2028\u2029\ud800-\udfff]/.test(text)) expect(plain).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes so that JSON.parse gives the text back', () => {
    fc.assert(
      fc.property(adversarialText, (text) => {
        expect(JSON.parse(`"${escapeJsonText(text)}"`)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('rendering random valid templates with adversarial values', () => {
  it('always gives JSON in which every inserted value round-trips exactly', () => {
    fc.assert(
      fc.property(templateArbitrary, contextArbitrary, ({ root, text }, context) => {
        const result = compile(text);
        if (!result.ok) throw new Error(result.errors.map((problem) => problem.message).join('\n'));
        const body = render(result.template, context);
        expect(JSON.parse(body)).toEqual(expectedValue(root, context));
        // safe on the wire and in JavaScript: values bring no lone surrogate and no raw U+2028/2029
        expect(LONE_SURROGATE.test(body)).toBe(LONE_SURROGATE.test(text));
        expect(body.match(/[\u2028\u2029]/g)?.length).toBe(text.match(/[\u2028\u2029]/g)?.length);
      }),
      { numRuns: 400 },
    );
  });

  it('renders the empty template as JSON.stringify of the default payload, with U+2028/2029 escaped', () => {
    const template = compileOrThrow('');
    fc.assert(
      fc.property(contextArbitrary, (context) => {
        const expected = JSON.stringify(buildDefaultPayload(context))
          .replace(/\u2028/g, '\\u2028')
          .replace(/\u2029/g, '\\u2029');
        expect(render(template, context)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a misspelt variable at its own line and column', () => {
    const misspelt = fc.constantFrom('firstname', 'emial', 'bot_id', 'Event', 'nope', 'first Name');
    fc.assert(
      fc.property(templateArbitrary, misspelt, fc.boolean(), ({ text }, name, inString) => {
        const bad = inString ? `["{{${name}}}", ${text}]` : `[${text}, {{ ${name} }}]`;
        const problems = problemsOf(bad);
        expect(problems).toHaveLength(1);
        const [problem] = problems as [TemplateProblem];
        expect(problem.variable).toBe(name);
        expect(bad.startsWith('{{', offsetOf(bad, problem))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------- garbage ----------

const jsonToken = fc.constantFrom(
  ...[
    '{',
    '}',
    '[',
    ']',
    '"',
    ':',
    ',',
    '{{',
    '}}',
    'email',
    ' firstName ',
    'foo',
    ' ',
    '\n',
    '\r',
    '\\',
    '\\u00',
    '1',
  ],
  ...['-', '0', '.5', 'e7', 'true', 'nul', '\t', "'", '😀', '\ud800', '\u2028', '\u0000', '{{{', '}}}'],
);
const garbage = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: anyCodeUnit }),
  fc.string({ unit: jsonToken, maxLength: 40 }),
);
const mutated = fc
  .tuple(templateArbitrary, fc.array(fc.tuple(fc.nat(), fc.nat(3), jsonToken), { minLength: 1, maxLength: 4 }))
  .map(([{ text }, edits]) =>
    edits.reduce((current, [at, kind, token]) => {
      const i = at % (current.length + 1);
      if (kind === 0) return current.slice(0, i) + current.slice(i + 1); // delete one unit
      if (kind === 1) return current.slice(0, i) + token + current.slice(i); // insert a token
      if (kind === 2) return current.slice(0, i) + token + current.slice(i + token.length); // overwrite
      return current.slice(i) + current.slice(0, i); // rotate
    }, text),
  );

function problemsOf(text: string): TemplateProblem[] {
  const result = compile(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.errors;
}

/** Offset of a problem's line and column, counted independently of the implementation. */
function offsetOf(text: string, { line, column }: Pick<TemplateProblem, 'line' | 'column'>): number {
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  const before = lines.slice(0, line - 1).join('').length;
  return (
    before +
    Array.from(lines[line - 1] ?? '')
      .slice(0, column - 1)
      .join('').length
  );
}

function checkAnyTemplate(text: string, context: EventContext): void {
  const result = compile(text);
  if (result.ok) {
    expect(() => JSON.parse(render(result.template, context))).not.toThrow();
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const problem of result.errors) {
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.column).toBeGreaterThanOrEqual(1);
    expect(offsetOf(text, problem)).toBeLessThanOrEqual(text.length);
    expect(problem.message.startsWith(`Template line ${problem.line}, column ${problem.column}: `)).toBe(true);
  }
  let thrown: unknown;
  try {
    compileOrThrow(text);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TemplateError);
  expect((thrown as TemplateError).problems).toEqual(result.errors);
}

describe('garbage templates', () => {
  it('never make compile throw; what compiles renders valid JSON, what does not comes with positions', () => {
    fc.assert(fc.property(garbage, contextArbitrary, checkAnyTemplate), { numRuns: 1000 });
  });

  it('mutated valid templates behave the same way', () => {
    fc.assert(fc.property(mutated, contextArbitrary, checkAnyTemplate), { numRuns: 1000 });
  });

  it('without placeholders, are accepted exactly when JSON.parse accepts them, and render as written', () => {
    const plain = fc
      .oneof(garbage, mutated, fc.json())
      .filter((text) => !text.includes('{{') && !text.includes('}}') && !/^[ \t\n\r]*$/.test(text));
    fc.assert(
      fc.property(plain, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const result = compile(text);
        expect(result.ok).toBe(parses);
        if (result.ok) expect(render(result.template, {})).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
