/**
 * A JSON scanner that understands `{{variable}}` placeholders. One pass, no recursion (deeply nested input
 * cannot overflow the stack), never throws. It cuts the template into literal chunks and typed slots, and
 * collects what is wrong: every unknown variable, and the first structural error (after that the JSON
 * structure is unknown, so only placeholders are still checked).
 */
import { VARIABLE_NAMES, isVariableName, type VariableName } from '../variables';
import { describePosition, positionOf } from './problems';
import { closestVariable } from './suggest';

export interface Slot {
  readonly name: VariableName;
  /** Inside a JSON string the value goes in as escaped text; elsewhere as a whole JSON value. */
  readonly inString: boolean;
}

/** What render walks: literals[0], slots[0], literals[1], ... literals[slots.length]. */
export interface Program {
  readonly literals: readonly string[];
  readonly slots: readonly Slot[];
}

/** A problem before its position is turned into line and column. `message` says what is wrong and what to do. */
export interface Finding {
  readonly offset: number;
  readonly message: string;
  readonly variable?: string;
  readonly suggestion?: string;
}

export interface Scan extends Program {
  readonly findings: readonly Finding[];
}

const enum Code {
  Tab = 0x09,
  LineFeed = 0x0a,
  CarriageReturn = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Apostrophe = 0x27,
  Comma = 0x2c,
  Minus = 0x2d,
  Zero = 0x30,
  Nine = 0x39,
  Colon = 0x3a,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const NUMBER_LIKE = /[-+.0-9A-Za-z_]+/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const KNOWN_LIST = VARIABLE_NAMES.join(', ');

type Expect = 'value' | 'key' | 'colon' | 'after';

interface Placeholder {
  readonly end: number;
  readonly name: string;
}

function isWhitespace(code: number): boolean {
  return code === Code.Space || code === Code.LineFeed || code === Code.CarriageReturn || code === Code.Tab;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** How a character is shown in a message: printable as itself, anything else by code point. */
function show(text: string, at: number): string {
  const char = String.fromCodePoint(text.codePointAt(at) ?? 0);
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char)
    ? `"${char}"`
    : `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a placeholder's name is refused, with the name as written and the known name it most likely meant. */
function unknownName(offset: number, name: string): Finding {
  if (name === '') {
    return { offset, message: 'empty placeholder {{}}. Put a variable name inside, e.g. {{firstName}}.' };
  }
  if (/^[#/>!^]/.test(name)) {
    const message = `{{${name}}} is a Handlebars block, partial or comment. Templates only insert variables, e.g. {{firstName}}.`;
    return { offset, message, variable: name };
  }
  const suggestion = closestVariable(name);
  if (suggestion === undefined) {
    return { offset, message: `unknown variable {{${name}}}. Use one of: ${KNOWN_LIST}.`, variable: name };
  }
  return {
    offset,
    message: `unknown variable {{${name}}}. Did you mean {{${suggestion}}}?`,
    variable: name,
    suggestion,
  };
}

class Scanner {
  private readonly literals: string[] = [];
  private readonly slots: Slot[] = [];
  private readonly findings: Finding[] = [];
  /** Where the literal text not yet cut into a chunk begins. */
  private chunkStart = 0;
  /** After a structural error: where the placeholder-only check resumes; -1 while the structure is sound. */
  private resumeAt = -1;

  constructor(private readonly text: string) {}

  scan(): Scan {
    this.scanJson();
    if (this.resumeAt >= 0) this.checkRemainingPlaceholders(this.resumeAt);
    this.literals.push(this.text.slice(this.chunkStart));
    return { literals: this.literals, slots: this.slots, findings: this.findings };
  }

  private fail(offset: number, message: string, resumeAt = offset): -1 {
    this.findings.push({ offset, message });
    this.resumeAt = resumeAt;
    return -1;
  }

  private where(offset: number): string {
    return describePosition(positionOf(this.text, offset));
  }

  private scanJson(): void {
    const text = this.text;
    const open: number[] = []; // offsets of the [ and { not yet closed
    let expect: Expect = 'value';
    let justOpened = false; // a container may close right after it opens...
    let commaAt = -1; // ...but not right after a comma
    let i = 0;

    for (;;) {
      while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
      const innermost = open.length > 0 ? text.charCodeAt(open[open.length - 1] ?? 0) : -1;
      const closer = innermost === Code.OpenBrace ? '}' : ']';

      if (i >= text.length) {
        if (expect === 'after' && open.length === 0) return;
        if (open.length === 0) {
          this.fail(
            i,
            'the template ends where a JSON value is expected. Add the value, e.g. {{firstName}} or "text".',
          );
        } else {
          const at = open[open.length - 1] ?? 0;
          this.fail(
            i,
            `the template ends inside the ${show(text, at)} opened at ${this.where(at)}. Close it with "${closer}".`,
          );
        }
        return;
      }

      const code = text.charCodeAt(i);
      const atPlaceholder = code === Code.OpenBrace && text.charCodeAt(i + 1) === Code.OpenBrace;

      if (expect === 'after') {
        if (open.length === 0) {
          this.fail(
            i,
            `unexpected ${show(text, i)} after the end of the JSON value. Remove it (several values go in one [ ] list).`,
          );
          return;
        }
        if (code === Code.Comma) {
          expect = innermost === Code.OpenBrace ? 'key' : 'value';
          commaAt = i;
          justOpened = false;
          i++;
        } else if (code === (innermost === Code.OpenBrace ? Code.CloseBrace : Code.CloseBracket)) {
          open.pop();
          i++;
        } else {
          const at = open[open.length - 1] ?? 0;
          this.fail(
            i,
            `expected "," or "${closer}" but found ${show(text, i)}. Put a comma between entries, or close the ${show(text, at)} opened at ${this.where(at)} with "${closer}".`,
          );
          return;
        }
        continue;
      }

      if (expect === 'colon') {
        if (code !== Code.Colon) {
          this.fail(i, `expected ":" after the key but found ${show(text, i)}. Write "key": value.`);
          return;
        }
        expect = 'value';
        i++;
        continue;
      }

      if (code === Code.CloseBrace || code === Code.CloseBracket) {
        const matches =
          code === (innermost === Code.OpenBrace ? Code.CloseBrace : Code.CloseBracket) && open.length > 0;
        if (matches && commaAt >= 0) {
          this.fail(commaAt, `trailing comma before "${closer}". Remove the comma.`);
          return;
        }
        if (matches && justOpened) {
          open.pop();
          expect = 'after';
          justOpened = false;
          i++;
          continue;
        }
        this.fail(
          i,
          expect === 'key'
            ? `expected a "key" in double quotes but found ${show(text, i)}.`
            : `expected a value but found ${show(text, i)}. Add the value, e.g. {{firstName}}, "text", 0 or null.`,
        );
        return;
      }

      let end: number;
      if (expect === 'key') {
        if (code === Code.Quote) {
          end = this.scanString(i);
          expect = 'colon';
        } else if (atPlaceholder) {
          const placeholder = this.readPlaceholder(i);
          const written = placeholder ? `{{${placeholder.name}}}` : '{{...}}';
          end = this.fail(
            i,
            `${written} cannot be an object key outside quotes. Write "${written}" to use the value as the key.`,
            placeholder?.end ?? i + 2,
          );
        } else if (code === Code.Comma) {
          end = this.fail(i, `an entry is missing before ",". Add it or remove the comma.`);
        } else {
          const word = matchAt(WORD, text, i);
          end = this.fail(
            i,
            word !== undefined
              ? `object keys need double quotes. Write "${word}".`
              : code === Code.Apostrophe
                ? `object keys need double quotes ("), not single quotes.`
                : `expected a "key" in double quotes but found ${show(text, i)}.`,
          );
        }
      } else {
        end = this.scanValue(i, atPlaceholder, open);
        if (code === Code.OpenBrace && !atPlaceholder && end >= 0) {
          expect = 'key';
          justOpened = true;
          commaAt = -1;
          i = end;
          continue;
        }
        if (code === Code.OpenBracket && end >= 0) {
          justOpened = true;
          commaAt = -1;
          i = end;
          continue;
        }
        expect = 'after';
      }
      if (end < 0) return;
      justOpened = false;
      commaAt = -1;
      i = end;
    }
  }

  /** One value (or the opening of a container, pushed on `open`); returns where it ends, -1 on error. */
  private scanValue(i: number, atPlaceholder: boolean, open: number[]): number {
    const text = this.text;
    const code = text.charCodeAt(i);
    if (atPlaceholder) return this.usePlaceholder(i, false);
    if (code === Code.OpenBrace || code === Code.OpenBracket) {
      open.push(i);
      return i + 1;
    }
    if (code === Code.Quote) return this.scanString(i);
    if (code === Code.Minus || (code >= Code.Zero && code <= Code.Nine)) return this.scanNumber(i);
    if (code === Code.Apostrophe) return this.fail(i, `strings need double quotes ("), not single quotes.`);
    if (code === Code.Comma) return this.fail(i, `a value is missing before ",". Add it or remove the comma.`);
    const word = matchAt(WORD, text, i);
    if (word === 'true' || word === 'false' || word === 'null') return i + word.length;
    if (word === undefined) {
      return this.fail(
        i,
        `expected a value but found ${show(text, i)}. Write a "string", a number, true, false, null, {...}, [...] or a {{variable}}.`,
      );
    }
    const literal = ['true', 'false', 'null'].find((candidate) => candidate === word.toLowerCase());
    if (literal) return this.fail(i, `JSON writes ${literal} in lower case. Write ${literal}.`);
    const variable = isVariableName(word) ? word : closestVariable(word);
    return this.fail(
      i,
      variable
        ? `unexpected word ${word}. Write {{${variable}}} to insert the variable, or "${word}" for text.`
        : `unexpected word ${word}. Put text in double quotes: "${word}".`,
    );
  }

  private scanNumber(i: number): number {
    const text = this.text;
    const number = matchAt(NUMBER, text, i);
    const token = matchAt(NUMBER_LIKE, text, i) ?? text.charAt(i);
    if (number === undefined || number.length !== token.length) {
      return this.fail(
        i,
        `invalid number ${token}. Write numbers like 42, -3.5 or 1e6 (no leading zeros, no "+", no trailing dot).`,
      );
    }
    return i + number.length;
  }

  /** A JSON string from its opening quote; placeholders inside it become text slots. */
  private scanString(start: number): number {
    const text = this.text;
    let i = start + 1;
    for (;;) {
      if (i >= text.length) {
        return this.fail(start, `this string is not closed. Add the closing double quote (").`, i);
      }
      const code = text.charCodeAt(i);
      if (code === Code.Quote) return i + 1;
      if (code === Code.Backslash) {
        const escape = text.charAt(i + 1);
        if (SIMPLE_ESCAPES.has(escape)) i += 2;
        else if (escape === 'u' && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          const shown = escape === '' ? '' : escape === 'u' ? 'u' + text.slice(i + 2, i + 6) : escape;
          return this.fail(
            i,
            `invalid escape \\${shown} in a string. Use \\\\, \\", \\/, \\b, \\f, \\n, \\r, \\t or \\u followed by 4 hex digits.`,
          );
        }
      } else if (code === Code.LineFeed || code === Code.CarriageReturn) {
        return this.fail(
          start,
          `this string is not closed on its line. Add the closing double quote ("); write \\n for a line break inside a string.`,
          i,
        );
      } else if (code < Code.Space) {
        const hex = code.toString(16).padStart(4, '0');
        return this.fail(
          i,
          `control character U+${hex.toUpperCase()} inside a string. Write it escaped, as \\u${hex}.`,
        );
      } else if (code === Code.OpenBrace && text.charCodeAt(i + 1) === Code.OpenBrace) {
        i = this.usePlaceholder(i, true);
        if (i < 0) return -1;
      } else if (code === Code.CloseBrace && text.charCodeAt(i + 1) === Code.CloseBrace) {
        return this.fail(
          i,
          'stray "}}" without a matching "{{". Remove it, or write \\u007d\\u007d for literal braces.',
          i + 2,
        );
      } else {
        i++;
      }
    }
  }

  /**
   * `{{ name }}` from its first brace: the name between (spaces around it allowed) and where it ends. Undefined
   * when it is not closed on the same line, or holds braces or quotes (then it was never meant as a placeholder).
   */
  private readPlaceholder(start: number): Placeholder | undefined {
    const text = this.text;
    for (let i = start + 2; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === Code.CloseBrace && text.charCodeAt(i + 1) === Code.CloseBrace) {
        return { end: i + 2, name: text.slice(start + 2, i).trim() };
      }
      if (code === Code.OpenBrace || code === Code.CloseBrace || code === Code.Quote) return undefined;
      if (code === Code.LineFeed || code === Code.CarriageReturn) return undefined;
    }
    return undefined;
  }

  /** A placeholder becomes a slot (or a finding, when its name is unknown); returns where it ends, -1 on error. */
  private usePlaceholder(start: number, inString: boolean): number {
    const text = this.text;
    const placeholder = this.readPlaceholder(start);
    if (!placeholder) {
      const triple = /^\{\{\{\s*([^{}"\r\n]*?)\s*\}\}\}/.exec(text.slice(start, start + 200));
      if (triple) {
        return this.fail(
          start,
          `{{{${triple[1]}}}} is Handlebars syntax. Write {{${triple[1]}}}: values are always inserted JSON-safe.`,
          start + triple[0].length,
        );
      }
      return this.fail(start, `"{{" is not closed by "}}" on the same line. Close it, e.g. {{firstName}}.`, start + 2);
    }
    this.checkName(start, placeholder.name);
    if (isVariableName(placeholder.name)) {
      this.literals.push(text.slice(this.chunkStart, start));
      this.slots.push({ name: placeholder.name, inString });
      this.chunkStart = placeholder.end;
    }
    return placeholder.end;
  }

  private checkName(offset: number, name: string): void {
    if (!isVariableName(name)) this.findings.push(unknownName(offset, name));
  }

  /** After a structural error: still report every closed placeholder with an unknown name. */
  private checkRemainingPlaceholders(from: number): void {
    let i = this.text.indexOf('{{', from);
    while (i >= 0) {
      const placeholder = this.readPlaceholder(i);
      if (placeholder) this.checkName(i, placeholder.name);
      i = this.text.indexOf('{{', placeholder ? placeholder.end : i + 2);
    }
  }
}

export function scanTemplate(text: string): Scan {
  return new Scanner(text).scan();
}
