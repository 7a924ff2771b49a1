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
 * Line and column of each offset (in ascending order) as an editor shows them: \n, \r\n and \r end a line;
 * columns count characters (an emoji is one), not UTF-16 units. One sweep for all, so a template with thousands
 * of problems is still located in linear time.
 */
export function positionsOf(text: string, offsets: readonly number[]): Position[] {
  let line = 1;
  let column = 1;
  let i = 0;
  return offsets.map((offset) => {
    for (; i < offset && i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        column = 1;
      } else if (!(code >= 0xdc00 && code <= 0xdfff && isHighSurrogate(text.charCodeAt(i - 1)))) {
        column++;
      }
    }
    return { line, column };
  });
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function positionOf(text: string, offset: number): Position {
  return positionsOf(text, [offset])[0] as Position;
}

export function describePosition({ line, column }: Position): string {
  return `line ${line}, column ${column}`;
}
