/**
 * How context values are written into the rendered JSON. Render's hot path: nearly every value needs no
 * escaping, so render first asks once, for all its values together, whether any character needs it.
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

/** Characters JSON.parse accepts raw in a string but that are still escaped: U+2028/2029 and all surrogates. */
const WIDE = /[\u2028\u2029\ud800-\udfff]/;

/**
 * Whether a JSON string literal, `"` + text + `"`, holds text escapeJsonText would leave as it is (NEEDS_ESCAPE's
 * answer); render asks once, for all its string values joined. U+2028/2029 and surrogates, which JSON.parse takes
 * raw, count as needing escaping.
 * Not the regular expression because single-character searches plus V8's JSON scanner, which then fails exactly on
 * a raw control character, are faster; the searches come first so the costly throw stays rare.
 */
export function isPlainJsonString(quoted: string): boolean {
  if (quoted.indexOf('"', 1) !== quoted.length - 1 || quoted.includes('\\') || WIDE.test(quoted)) return false;
  if (quoted.includes('\n') || quoted.includes('\t')) return false;
  try {
    JSON.parse(quoted);
    return true;
  } catch {
    return false;
  }
}
