import {
  compile,
  compileOrThrow,
  DEFAULT_TEMPLATE,
  render,
  rendersObject,
  TemplateError,
  type TemplateProblem,
} from '../src/template';
import { buildDefaultPayload, type EventContext } from '../src/payload';
import { samplePayload } from '../src/samples';
import { EVENT_KEYS } from '../src/events';
import { VARIABLE_NAMES } from '../src/variables';

function renderText(text: string, context: EventContext): string {
  return render(compileOrThrow(text), context);
}

function problemsOf(text: string): TemplateProblem[] {
  const result = compile(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.errors;
}

/** The single problem of a template, for the one-error cases. */
function problemOf(text: string): TemplateProblem {
  const problems = problemsOf(text);
  expect(problems).toHaveLength(1);
  return problems[0] as TemplateProblem;
}

describe('a placeholder inside a JSON string', () => {
  it('inserts the value JSON-escaped, so quotes, backslashes and line breaks survive', () => {
    const firstName = 'Ma"ria\\ \n\r\t\b\f O\'Connor';
    const body = renderText('{"greeting": "Hi {{firstName}}!"}', { firstName });
    expect(JSON.parse(body)).toEqual({ greeting: `Hi ${firstName}!` });
  });

  it('escapes every control character, as JSON.stringify would', () => {
    const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('');
    const body = renderText('"{{firstMessage}}"', { firstMessage: controls });
    expect(body).toBe(JSON.stringify(controls));
    expect(body).not.toMatch(/[\u0000-\u001f]/); // eslint-disable-line no-control-regex
  });

  it('escapes U+2028 and U+2029, which JavaScript parsers treat as line ends', () => {
    const body = renderText('"{{firstMessage}}"', { firstMessage: 'a\u2028b\u2029c' });
    expect(body).toBe('"a\\u2028b\\u2029c"');
    expect(JSON.parse(body)).toBe('a\u2028b\u2029c');
  });

  it('keeps emoji as they are and escapes lone surrogates so they survive UTF-8', () => {
    expect(renderText('"{{firstName}}"', { firstName: 'Zoë 😀' })).toBe('"Zoë 😀"');
    const lone = 'a\ud800b\udc00c';
    const body = renderText('"{{firstName}}"', { firstName: lone });
    expect(body).toBe('"a\\ud800b\\udc00c"');
    expect(JSON.parse(body)).toBe(lone);
  });

  it('writes numbers as their decimal text, 0 included', () => {
    expect(renderText('"score: {{sentimentScore}}"', { sentimentScore: 0 })).toBe('"score: 0"');
    expect(renderText('"score: {{sentimentScore}}"', { sentimentScore: -12.5 })).toBe('"score: -12.5"');
  });

  it('writes missing and null values as nothing', () => {
    expect(renderText('"[{{email}}] [{{lastName}}]"', { email: null })).toBe('"[] []"');
  });

  it('works in object keys too', () => {
    const body = renderText('{"{{event}}": true}', { event: 'contact.created' });
    expect(JSON.parse(body)).toEqual({ 'contact.created': true });
  });

  it('allows several placeholders in one string and spaces inside the braces', () => {
    const body = renderText('{"name": "{{ firstName }} {{\tlastName\t}}"}', { firstName: 'Maria', lastName: 'Lopez' });
    expect(JSON.parse(body)).toEqual({ name: 'Maria Lopez' });
  });
});

describe('a placeholder where a JSON value goes', () => {
  const template = compileOrThrow('{"value": {{sentimentScore}}, "text": {{ email }}}');

  it('keeps a number a number, 0 included', () => {
    expect(render(template, { sentimentScore: 82 })).toBe('{"value": 82, "text": null}');
    expect(JSON.parse(render(template, { sentimentScore: 0 }))).toEqual({ value: 0, text: null });
  });

  it('quotes and escapes a string', () => {
    const email = 'a"b\\c\n@example.com';
    expect(JSON.parse(render(template, { email }))).toEqual({ value: null, text: email });
  });

  it('writes null for missing, undefined and null values', () => {
    expect(render(template, {})).toBe('{"value": null, "text": null}');
    expect(render(template, { sentimentScore: undefined, email: null })).toBe('{"value": null, "text": null}');
  });

  it('writes null for numbers JSON cannot hold', () => {
    expect(render(template, { sentimentScore: NaN })).toBe('{"value": null, "text": null}');
    expect(render(template, { sentimentScore: Infinity })).toBe('{"value": null, "text": null}');
    expect(renderText('"{{sentimentScore}}"', { sentimentScore: -Infinity })).toBe('""');
  });

  it('works at the top level and inside arrays', () => {
    expect(renderText('{{firstName}}', { firstName: 'Maria' })).toBe('"Maria"');
    expect(JSON.parse(renderText('[{{firstName}}, [{{sentimentScore}}]]', { sentimentScore: 3 }))).toEqual([null, [3]]);
  });
});

describe('values are data', () => {
  it('never expands braces inside a value', () => {
    const context = { firstName: '{{lastName}}', lastName: '}} {{email}} {{', email: 'x' };
    const body = renderText('{"a": "{{firstName}}", "b": {{lastName}}}', context);
    expect(JSON.parse(body)).toEqual({ a: '{{lastName}}', b: '}} {{email}} {{' });
  });

  it('keeps the literal text of the template as written', () => {
    const text = '{\n  "a": [1, -2.5e3, true, false, null, {}, []],\n  "b": "\\u00e9\\n{{event}}\\\\"\n}\n';
    const body = renderText(text, { event: 'booking.created' });
    expect(body).toBe(text.replace('{{event}}', 'booking.created'));
    expect(JSON.parse(body).b).toBe('é\nbooking.created\\');
  });
});

describe('the empty template', () => {
  it('is the default payload, byte for byte what JSON.stringify makes of it', () => {
    for (const event of EVENT_KEYS) {
      const context = samplePayload(event);
      for (const text of ['', '  \n\t\r\n ']) {
        expect(renderText(text, context)).toBe(JSON.stringify(buildDefaultPayload(context)));
      }
    }
  });

  it('writes missing values as null and keeps a 0 score', () => {
    const body = JSON.parse(renderText('', { event: 'contact.deleted', sentimentScore: 0 }));
    expect(Object.keys(body)).toEqual(VARIABLE_NAMES);
    expect(body).toEqual({ ...buildDefaultPayload({}), event: 'contact.deleted', sentimentScore: 0 });
  });

  it('is spelt out by DEFAULT_TEMPLATE', () => {
    const context = samplePayload('booking.confirmed');
    expect(renderText(DEFAULT_TEMPLATE, context)).toBe(renderText('', context));
  });
});

describe('unknown variables', () => {
  it('are reported with line, column and the closest known name', () => {
    const text = '{\n  "event": {{event}},\n  "welcome": {{firstname}}\n}';
    expect(problemOf(text)).toEqual({
      message: 'Template line 3, column 14: unknown variable {{firstname}}. Did you mean {{firstName}}?',
      line: 3,
      column: 14,
      variable: 'firstname',
      suggestion: 'firstName',
    });
  });

  it('are all reported, in the order they appear', () => {
    const problems = problemsOf('{"a": "{{emial}}", "b": {{ bot_id }},\r\n "c": {{phone}}, "d": {{sentimentscore}}}');
    expect(problems.map(({ variable, suggestion, line, column }) => ({ variable, suggestion, line, column }))).toEqual([
      { variable: 'emial', suggestion: 'email', line: 1, column: 8 },
      { variable: 'bot_id', suggestion: 'botId', line: 1, column: 25 },
      { variable: 'phone', suggestion: 'phoneNumber', line: 2, column: 7 },
      { variable: 'sentimentscore', suggestion: 'sentimentScore', line: 2, column: 23 },
    ]);
  });

  it('list the known names when nothing is close', () => {
    const problem = problemOf('{"a": {{zebra}}}');
    expect(problem.variable).toBe('zebra');
    expect(problem.suggestion).toBeUndefined();
    expect(problem.message).toBe(
      `Template line 1, column 7: unknown variable {{zebra}}. Use one of: ${VARIABLE_NAMES.join(', ')}.`,
    );
  });

  it('are case-sensitive: a name in another case is refused and corrected', () => {
    expect(problemOf('"{{EMAIL}}"').suggestion).toBe('email');
    expect(problemOf('"{{Event}}"').suggestion).toBe('event');
  });

  it('include the empty placeholder', () => {
    expect(problemOf('{"a": "{{ }}"}').message).toBe(
      'Template line 1, column 8: empty placeholder {{}}. Put a variable name inside, e.g. {{firstName}}.',
    );
  });

  it('explain that Handlebars blocks, partials and comments are not templates', () => {
    const problems = problemsOf('{"a": "{{#if firstName}}hi{{/if}}", "b": "{{> footer}}{{! note }}"}');
    expect(problems.map((problem) => problem.variable)).toEqual(['#if firstName', '/if', '> footer', '! note']);
    for (const problem of problems) {
      expect(problem.message).toContain('is a Handlebars block, partial or comment. Templates only insert variables');
      expect(problem.suggestion).toBeUndefined();
    }
  });

  it('are each located, however many there are', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `  {"n": ${i}, "v": "😀 {{nope}}"}`);
    const problems = problemsOf(`[\n${lines.join(',\n')}\n]`);
    expect(problems).toHaveLength(5000);
    expect(problems[4999]).toMatchObject({ line: 5001, column: 23, variable: 'nope' });
  });

  it('are still reported after a structural error', () => {
    const problems = problemsOf('{"a": {{firstNme}},, "b": "{{lastname}}"}');
    expect(problems.map((problem) => [problem.column, problem.suggestion ?? problem.message])).toEqual([
      [7, 'firstName'],
      [20, 'Template line 1, column 20: an entry is missing before ",". Add it or remove the comma.'],
      [28, 'lastName'],
    ]);
  });
});

describe('unbalanced braces', () => {
  it('refuse {{ without }}', () => {
    expect(problemOf('{\n  "a": "Hi {{firstName!"\n}')).toMatchObject({ line: 2, column: 12 });
    expect(problemOf('{"a": {{firstName}').message).toBe(
      'Template line 1, column 7: "{{" is not closed by "}}" on the same line. Close it, e.g. {{firstName}}.',
    );
  });

  it('refuse a stray }} inside a string and say how to write literal braces', () => {
    expect(problemOf('{"a": "x }} y"}')).toMatchObject({
      line: 1,
      column: 10,
      message: expect.stringContaining('stray "}}" without a matching "{{"') as unknown,
    });
    expect(renderText('"\\u007d\\u007d"', {})).toBe('"\\u007d\\u007d"');
  });

  it('refuse Handlebars triple braces with the plain form to use', () => {
    expect(problemOf('{"a": "{{{ firstName }}}"}').message).toBe(
      'Template line 1, column 8: {{{firstName}}} is Handlebars syntax. Write {{firstName}}: values are always inserted JSON-safe.',
    );
  });
});

describe('invalid JSON', () => {
  /** [case, template with ‸ at the line and column reported (taken out before compiling), advice the message has] */
  const cases: [string, string, string][] = [
    ['unexpected character', '{"a": ‸@}', 'expected a value but found "@"'],
    ['trailing comma in an object', '{"a": 1‸,\n}', 'trailing comma before "}". Remove the comma.'],
    ['trailing comma in an array', '[1, 2‸, ]', 'trailing comma before "]". Remove the comma.'],
    ['unterminated string', '{"a": ‸"abc', 'this string is not closed. Add the closing double quote (").'],
    ['string broken by a line break', '{"a": ‸"ab\nc"}', 'write \\n for a line break inside a string'],
    ['placeholder as key', '{\n ‸{{event}}: 1}', '{{event}} cannot be an object key outside quotes. Write "{{event}}"'],
    ['trailing garbage', '{"a": 1} ‸{"b": 2}', 'after the end of the JSON value. Remove it'],
    ['missing colon', '{"a" ‸1}', 'expected ":" after the key'],
    ['missing comma', '{"a": 1 ‸"b": 2}', 'Put a comma between entries, or close the "{" opened at line 1, column 1'],
    ['mismatched closer', '[1‸}', 'expected "," or "]" but found "}"'],
    ['bad escape', '"a‸\\x"', 'invalid escape \\x in a string'],
    ['short unicode escape', '"‸\\u12"', 'invalid escape \\u12"'],
    ['raw control character', '"a‸\tb"', 'control character U+0009 inside a string. Write it escaped, as \\u0009.'],
    ['leading zero', '[‸01]', 'invalid number 01'],
    ['trailing dot', '[‸1.]', 'invalid number 1.'],
    ['plus sign', '[‸+1]', 'expected a value but found "+"'],
    ['single quotes', "{‸'a': 1}", 'object keys need double quotes ("), not single quotes.'],
    ['single-quoted value', '{"a": ‸\'b\'}', 'strings need double quotes'],
    ['unquoted key', '{‸a: 1}', 'object keys need double quotes. Write "a".'],
    ['capitalised literal', '[‸True]', 'JSON writes true in lower case. Write true.'],
    ['bare variable name', '{"a": ‸firstName}', 'Write {{firstName}} to insert the variable, or "firstName" for text.'],
    ['bare word', '{"a": ‸hello}', 'Put text in double quotes: "hello".'],
    ['missing value', '{"a": ‸}', 'expected a value but found "}"'],
    ['missing array entry', '[1,‸,2]', 'a value is missing before ","'],
    ['unexpected end', '{"a": [1, {"b": 2}‸', 'the template ends inside the "[" opened at line 1, column 7'],
    ['a lone closer', '‸}', 'expected a value but found "}"'],
    ['byte-order mark', '‸\ufeff{}', 'expected a value but found U+FEFF'],
  ];

  it.each(cases)('reports %s with its position', (_, marked, excerpt) => {
    const text = marked.replace('‸', '');
    const linesBefore = marked.slice(0, marked.indexOf('‸')).split('\n');
    const [line, column] = [linesBefore.length, linesBefore.at(-1)!.length + 1];
    const problem = problemOf(text);
    expect({ line: problem.line, column: problem.column }).toEqual({ line, column });
    expect(problem.message.startsWith(`Template line ${line}, column ${column}: `)).toBe(true);
    expect(problem.message).toContain(excerpt);
    expect(() => JSON.parse(text.replace(/\{\{\s*(\w+)\s*\}\}/g, '0'))).toThrow();
  });

  it('counts columns in characters (an emoji is one) and lines across \\r\\n', () => {
    expect(problemOf('"😀😀"\r\n,')).toMatchObject({ line: 2, column: 1 });
    expect(problemOf('["😀", x]')).toMatchObject({ line: 1, column: 7 });
  });

  it('survives nesting deep enough to overflow a recursive parser', () => {
    const depth = 200_000;
    expect(compile('['.repeat(depth) + ']'.repeat(depth)).ok).toBe(true);
    expect(problemOf('{"a":'.repeat(depth)).message).toContain('the template ends inside the "{" opened at');
  });
});

describe('compileOrThrow', () => {
  it('returns the compiled template when it is valid', () => {
    expect(render(compileOrThrow('[{{email}}]'), { email: 'a@b.c' })).toBe('["a@b.c"]');
  });

  it('throws a TemplateError holding every problem, one per line of its message', () => {
    let thrown: unknown;
    try {
      compileOrThrow('{"a": {{emial}}, "b": {{firstname}}}');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TemplateError);
    const error = thrown as TemplateError;
    expect(error.name).toBe('TemplateError');
    expect(error.problems.map((problem) => problem.suggestion)).toEqual(['email', 'firstName']);
    expect(error.message.split('\n')).toEqual(error.problems.map((problem) => problem.message));
  });

  it('refuses a value that is not text instead of throwing', () => {
    const result = compile(undefined as unknown as string);
    expect(result.ok).toBe(false);
    expect(() => compileOrThrow(42 as unknown as string)).toThrow(TemplateError);
  });
});

describe('rendersObject', () => {
  it.each([
    ['', true],
    ['  {"name": "{{firstName}}"}', true],
    ['{ }', true],
    ['[{{firstName}}]', false],
    ['"{{firstName}}"', false],
    [' {{sentimentScore}} ', false],
    ['42', false],
  ])('tells whether %j renders a JSON object', (text, expected) => {
    const template = compileOrThrow(text);
    const body: unknown = JSON.parse(render(template, samplePayload('booking.created')));
    expect(rendersObject(template)).toBe(expected);
    // The answer agrees with what render produces.
    expect(typeof body === 'object' && body !== null && !Array.isArray(body)).toBe(expected);
  });
});
