/** Template problems: where (1-based line and column) and what to do about it. */

export interface TemplateProblem {
  /** Complete and actionable, e.g. "Template line 3, column 14: unknown variable {{firstname}}. Did you mean {{firstName}}?" */
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** The name written in an unknown `{{...}}` placeholder. */
  readonly variable?: string;
  /** The known variable that name most likely meant. */
  readonly suggestion?: string;
}

/** Thrown by compileOrThrow: every problem found, one per line of the message. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly problems: readonly TemplateProblem[];

  constructor(problems: readonly TemplateProblem[]) {
    super(problems.map((problem) => problem.message).join('\n'));
    this.problems = problems;
  }
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Line and column of an offset as an editor shows them: \n, \r\n and \r end a line; columns count characters
 * (an emoji is one), not UTF-16 units.
 */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < offset && i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff && i + 1 < offset) i++;
    column++;
  }
  return { line, column };
}

export function describePosition({ line, column }: Position): string {
  return `line ${line}, column ${column}`;
}
