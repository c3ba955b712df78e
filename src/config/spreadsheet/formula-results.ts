import type ExcelJS from 'exceljs';

// exceljs's streaming reader reads every formula's cached result as a number, so an error result (#N/A, #DIV/0!)
// comes out as NaN and a TRUE as 1: a stock sheet would then take a TRUE in on_hand for 1. The worksheet's XML is
// watched on its way to exceljs and each formula cell typed as an error or a boolean is noted, so the row reader can
// put back what the cell shows.

// A cell's type attribute, error or boolean: the only two whose result exceljs turns into a number.
const TYPED = /\st\s*=\s*["']([eb])["']/g;
const REF = /\sr\s*=\s*["']([A-Za-z]+\d+)["']/;
const VALUE = /<v>([^<]*)<\/v>/;
// A formula is at most 8,192 characters and an error code a few: a cell longer than this is not worth waiting for.
const MAX_CARRY = 64 * 1024;

/** A typed formula result as exceljs's own (non-streaming) reader gives it. */
export type TypedResult = ExcelJS.CellErrorValue | boolean;

/** Cached results of formula cells typed as errors or booleans, by cell reference, noted as the XML streams past. */
export class FormulaResults {
  private readonly results = new Map<string, TypedResult>();
  private carry = '';

  /** Passes `chunks` on unchanged, noting every typed formula result in them. */
  async *watch(chunks: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const chunk of chunks) {
      this.scan(chunk);
      yield chunk;
    }
  }

  /**
   * The result the formula in `ref` (`F6`) showed, if it was an error or a boolean; undefined otherwise. Each result
   * is handed out once, so the map holds only cells exceljs has not emitted yet.
   */
  take(ref: string): TypedResult | undefined {
    const result = this.results.get(ref);
    if (result !== undefined) this.results.delete(ref);
    return result;
  }

  private scan(chunk: string): void {
    const text = this.carry + chunk;
    // A tag cut in two by the chunk's end is scanned again, whole, with the next chunk.
    const lastTag = text.lastIndexOf('<');
    let keep = lastTag >= 0 && text.indexOf('>', lastTag) < 0 ? lastTag : text.length;
    for (const match of text.matchAll(TYPED)) {
      const start = text.lastIndexOf('<', match.index);
      if (!/^<c\s/.test(text.slice(start, start + 3))) continue;
      const tagEnd = text.indexOf('>', match.index);
      if (tagEnd < 0) break; // the cut tag above
      if (text[tagEnd - 1] === '/') continue; // a self-closing cell holds no value
      const close = text.indexOf('</c>', tagEnd);
      if (close < 0) {
        keep = start; // the cell is cut by the chunk's end
        break;
      }
      const body = text.slice(tagEnd + 1, close);
      if (!body.includes('<f')) continue;
      const ref = REF.exec(text.slice(start, tagEnd))?.[1];
      const value = VALUE.exec(body)?.[1];
      if (ref === undefined || value === undefined) continue;
      this.results.set(ref.toUpperCase(), match[1] === 'e' ? ({ error: value } as ExcelJS.CellErrorValue) : value.trim() !== '0');
    }
    this.carry = text.length - keep > MAX_CARRY ? '' : text.slice(keep);
  }
}
