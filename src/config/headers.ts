import { readFile } from 'node:fs/promises';
import { DocumentError } from './errors';

// What every document parser shares: headers and keys compared the way people write them, "did you mean" hints,
// text that may come from Windows or a Google export (BOM, CRLF), and reading the file itself. Nothing here knows a
// particular document.

const BOM = '\uFEFF';

/** Excel and Google Sheets put a UTF-8 byte-order mark at the start of exported CSV; it is not part of the first header. */
export const stripBom = (text: string): string => (text.startsWith(BOM) ? text.slice(BOM.length) : text);

/** Lines of a plain-text document, whatever line endings the editor saved (LF, CRLF, or old-Mac CR). */
export const splitLines = (text: string): string[] => stripBom(text).split(/\r\n|\r|\n/);

/**
 * Headers and keys are case-insensitive and spaces, `_` and `-` are equivalent in every document, because staff type
 * `Daily Sales-Rate` as often as `daily_sales_rate`. `"Daily Sales-Rate"` → `daily_sales_rate`.
 */
export function normalizeKey(s: string): string {
  return stripBom(s)
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** Edits (insert, delete, substitute) to turn `a` into `b`. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `qty` is an abbreviation of `quantity`: same first letter, and every letter of the short one appears in order in the long one. */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let at = 0;
  for (const ch of long) if (ch === short[at]) at++;
  return at === short.length;
}

/**
 * The candidate the user most likely meant, for a "did you mean" hint, or null when nothing is close enough to be
 * worth suggesting. Compared after `normalizeKey`; returns the candidate as given.
 *
 * Close means a small typo (at most 3 edits, and at most half the word, so a two-letter word doesn't "match" any other
 * short word) or an abbreviation either way (`{quantity}` → `{qty}`), which edit distance alone would miss.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  const w = normalizeKey(word);
  if (w === '') return null;
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 2)));
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const c = normalizeKey(candidate);
    const distance = levenshtein(w, c);
    const plausible = distance <= limit || abbreviates(w, c) || abbreviates(c, w);
    if (plausible && (best === null || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate ?? null;
}

/** ` (did you mean "quiet hours"?)`, or nothing when there is no close candidate. */
export function didYouMean(word: string, candidates: readonly string[], show: (c: string) => string = (c) => `"${c}"`): string {
  const hit = closest(word, candidates);
  return hit === null ? '' : ` (did you mean ${show(hit)}?)`;
}

/** A document's bytes, or a DocumentError naming the path as given (a basename alone wouldn't say where we looked). */
export async function readDocumentBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `could not read the file (${code ?? (err as Error).message})`;
    throw new DocumentError([{ file: path, message }]);
  }
}
