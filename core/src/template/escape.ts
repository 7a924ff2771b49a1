/**
 * How a context value is written into the rendered JSON. The hot path of render: most values need no
 * escaping, so one regular-expression test decides and the value is returned as it is.
 */

/** Anything JSON or JavaScript line parsing could trip on, and every surrogate (checked one by one below). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

// The same short forms and lower-case hex as JSON.stringify, so the default payload renders byte for byte alike.
const SHORT_ESCAPES: Readonly<Record<number, string>> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

function unicodeEscape(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

function escapeEach(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let escaped: string | undefined;
    if (code === 0x22) escaped = '\\"';
    else if (code === 0x5c) escaped = '\\\\';
    else if (code < 0x20) escaped = SHORT_ESCAPES[code] ?? unicodeEscape(code);
    else if (code === 0x2028 || code === 0x2029) escaped = unicodeEscape(code);
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff)
        i++; // a well-formed pair (emoji...) stays as it is
      else escaped = unicodeEscape(code);
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      escaped = unicodeEscape(code); // a low surrogate with no high one before it
    }
    if (escaped !== undefined) {
      out += text.slice(from, i) + escaped;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/**
 * Text made safe to stand between JSON double quotes. Lone surrogates are escaped (as JSON.stringify does) so
 * they survive UTF-8 encoding on the wire; U+2028/2029 are escaped for receivers that parse JSON as JavaScript.
 */
export function escapeJsonText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? escapeEach(text) : text;
}

/** A value inside a JSON string: text escaped, a number as its decimal text, anything else (missing) as nothing. */
export function stringSlotText(value: unknown): string {
  if (typeof value === 'string') return escapeJsonText(value);
  if (typeof value === 'number' && Number.isFinite(value)) return '' + value;
  return '';
}

/** A value where a JSON value goes: a string in quotes, a number as a number, anything else (missing) as null. */
export function valueSlotJson(value: unknown): string {
  if (typeof value === 'string') return '"' + escapeJsonText(value) + '"';
  if (typeof value === 'number' && Number.isFinite(value)) return '' + value;
  return 'null';
}
