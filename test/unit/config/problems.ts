import { DocumentError, formatProblem } from '../../../src/config/errors';

/** The formatted problems a parser reports, one string each; fails the test if it doesn't throw a DocumentError. */
export function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof DocumentError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected a DocumentError, but the document parsed');
}

export async function problemsOfAsync(parse: () => Promise<unknown>): Promise<string[]> {
  try {
    await parse();
  } catch (err) {
    if (err instanceof DocumentError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected a DocumentError, but the document parsed');
}
