/** One thing wrong with an input document, located precisely enough to fix without reading code. */
export interface Problem {
  file: string;
  /** Spreadsheet row (header = row 1) for sheets; line number for text documents. */
  row?: number;
  line?: number;
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.row !== undefined) where += ` row ${p.row}`;
  if (p.line !== undefined) where += ` line ${p.line}`;
  // Sheets have columns; text documents have keys, which the message itself names.
  if (p.field !== undefined && p.line === undefined) where += `${p.row !== undefined ? ',' : ''} column "${p.field}"`;
  return `${where}: ${p.message}`;
}

/** Thrown by every document parser. Carries all the problems found, not just the first. */
export class DocumentError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const shown = problems.slice(0, 20).map(formatProblem);
    if (problems.length > shown.length) shown.push(`…and ${problems.length - shown.length} more`);
    super(shown.join('\n'));
    this.name = 'DocumentError';
    this.problems = problems;
  }
}
