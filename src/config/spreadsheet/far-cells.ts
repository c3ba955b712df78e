import { pastLastColumn } from './limits';

// exceljs's streaming reader keeps a row's cells in an array indexed by column, and walks that array from column A to
// the row's last cell every time it measures the row, as does every look at the row's cells: one cell in column XFD
// makes each of those walks 16,384 steps long, whether or not the cell holds anything. It also parses a whole chunk
// of XML (hundreds of rows) before it hands the first of them over. So a sheet of 20,000 rows with one formatted,
// empty cell at XFD took 15-20 s to read, and a value that far right was only seen once its whole chunk was built.
//
// The worksheet's XML is therefore checked on its way to exceljs: a cell right of the last column allowed that holds
// a value refuses the file right there, naming its row and column, and one that holds nothing (formatting only) is
// taken out of the XML, since it changes no cell's text. exceljs then never meets a cell past the limit.

// A cell element holds a value when it has one of these children: a value, a formula, an inline string.
const VALUE_CHILD = /<(?:v|f|is)[\s>/]/;
// A far cell whose end has not come within this much text is not a real cell: it is refused as one with a value.
const MAX_CARRY = 64 * 1024;

/** `A` → 1, `XFD` → 16,384. */
const columnNumber = (letters: string): number => {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
};

/** Letters in the name of column `n` (1-based): a reference with fewer letters is never past it. */
const lettersOf = (n: number): number => {
  let letters = 0;
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters++;
  return letters;
};

/** Watches one worksheet's XML for cells right of `maxColumns`; see the top of this file. */
export class FarCells {
  private carry = '';
  /** A cell reference with at least as many letters as the last column's name: only these can be past it. */
  private readonly reference: RegExp;

  constructor(
    private readonly file: string,
    private readonly maxColumns: number,
  ) {
    this.reference = new RegExp(`\\sr\\s*=\\s*["']([A-Za-z]{${lettersOf(maxColumns)},})(\\d+)["']`, 'g');
  }

  /** The chunks with every empty cell past the limit taken out; throws a DocumentError at the first one with a value. */
  async *watch(chunks: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const chunk of chunks) {
      const text = this.scan(chunk);
      if (text !== '') yield text;
    }
    if (this.carry !== '') yield this.carry;
  }

  /** The text of `chunk` (after what was carried) that is ready to pass on; the rest is carried to the next chunk. */
  private scan(chunk: string): string {
    const text = this.carry + chunk;
    // A tag cut in two by the chunk's end waits for the rest of it.
    const lastTag = text.lastIndexOf('<');
    let keep = lastTag >= 0 && text.indexOf('>', lastTag) < 0 ? lastTag : text.length;
    const kept: string[] = [];
    let from = 0;
    for (const match of text.matchAll(this.reference)) {
      if (match.index >= keep) break;
      const column = columnNumber(match[1] ?? '');
      if (column <= this.maxColumns) continue;
      const start = text.lastIndexOf('<', match.index);
      // Not in a cell's tag (a `<cellWatch>`, a `<col>`), or in a tag passed on whole before: exceljs reads no cell there.
      if (start < from || !/^<c\s/.test(text.slice(start, start + 3))) continue;
      const tagEnd = text.indexOf('>', match.index);
      if (tagEnd < 0) {
        keep = start; // a tag with no end: leave it to the rule for long tags below
        break;
      }
      const row = Number(match[2]);
      let end: number;
      if (text[tagEnd - 1] === '/') {
        end = tagEnd + 1;
      } else {
        const close = text.indexOf('</c>', tagEnd);
        const body = close < 0 ? text.slice(tagEnd + 1) : text.slice(tagEnd + 1, close);
        if (VALUE_CHILD.test(body)) throw pastLastColumn(this.file, row, column, this.maxColumns);
        if (close < 0) {
          // The cell goes on into the next chunk: wait for its end, but not for ever.
          if (text.length - start > MAX_CARRY) throw pastLastColumn(this.file, row, column, this.maxColumns);
          keep = start;
          break;
        }
        end = close + '</c>'.length;
      }
      kept.push(text.slice(from, start));
      from = end;
    }
    kept.push(text.slice(from, keep));
    this.carry = text.slice(keep);
    // Only a tag longer than any real one gets here (a far cell waiting for its end is refused before): it is passed
    // on as it is rather than held, and exceljs makes what it can of it.
    if (this.carry.length > MAX_CARRY) {
      kept.push(this.carry);
      this.carry = '';
    }
    return kept.join('');
  }
}
