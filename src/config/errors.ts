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

/**
 * One line per row skipped, its problems joined, in the order the problems come (a reader gives them in row order):
 * `stock.csv row 14 skipped: column "on_hand": expected a number ≤ 1,000,000,000, got "1e300"`.
 */
export function skippedRowLines(problems: readonly Problem[]): string[] {
  const rows = new Map<string, string[]>();
  for (const p of problems) {
    const where = `${p.file}${p.row !== undefined ? ` row ${p.row}` : ''}${p.line !== undefined ? ` line ${p.line}` : ''}`;
    const what = p.field !== undefined && p.line === undefined ? `column "${p.field}": ${p.message}` : p.message;
    const row = rows.get(where);
    if (row) row.push(what);
    else rows.set(where, [what]);
  }
  return [...rows].map(([where, what]) => `${where} skipped: ${what.join('; ')}`);
}
