import { readFileSync } from 'node:fs';

/**
 * How wide text is in a TrueType font, read from the font file itself. Vega lays a chart out before resvg draws it and,
 * without a browser canvas, guesses every character at 0.8 em: legend names were cut short and space was wasted. The
 * advance widths from the font's own tables give the widths resvg will draw (a little wider, as kerning is ignored, so
 * text never overruns the room Vega made for it).
 */
export interface FontMetrics {
  /** Width in pixels of `text` at `fontSize` pixels. */
  width(text: string, fontSize: number): number;
}

/** Reads the `cmap` (format 4: the Basic Multilingual Plane) and `hmtx` tables of a TrueType font file. */
export function fontMetrics(path: string): FontMetrics {
  const font = readFileSync(path);
  const tables = new Map<string, number>();
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    tables.set(font.toString('latin1', at, at + 4), font.readUInt32BE(at + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${path}: not a TrueType font with a ${tag} table`);
    return at;
  };
  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = font.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  // Glyphs past the last full metric share its advance (a monospaced run at the end of the table).
  const advance = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;
  const glyphOf = bmpLookup(font, table('cmap'), path);

  const cache = new Map<number, number>();
  const em = (codePoint: number): number => {
    let w = cache.get(codePoint);
    if (w === undefined) {
      // Glyph 0 (the "missing" box) is what resvg draws for a character the font lacks, so its width is the right one.
      w = advance(codePoint > 0xffff ? 0 : glyphOf(codePoint));
      cache.set(codePoint, w);
    }
    return w;
  };
  return {
    width(text, fontSize) {
      let sum = 0;
      for (const ch of text) sum += em(ch.codePointAt(0)!);
      return sum * fontSize;
    },
  };
}

/** The glyph for a character from the Windows Unicode (3,1) or Unicode (0,3) subtable in format 4. */
function bmpLookup(font: Buffer, cmap: number, path: string): (codePoint: number) => number {
  const count = font.readUInt16BE(cmap + 2);
  let sub = -1;
  for (let i = 0; i < count && sub < 0; i++) {
    const at = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(at);
    const encoding = font.readUInt16BE(at + 2);
    const offset = cmap + font.readUInt32BE(at + 4);
    if (((platform === 3 && encoding === 1) || (platform === 0 && encoding === 3)) && font.readUInt16BE(offset) === 4) sub = offset;
  }
  if (sub < 0) throw new Error(`${path}: no Unicode character map (cmap format 4)`);
  const segments = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (c) => {
    for (let i = 0; i < segments; i++) {
      if (font.readUInt16BE(ends + i * 2) < c) continue;
      const start = font.readUInt16BE(starts + i * 2);
      if (start > c) return 0;
      const delta = font.readUInt16BE(deltas + i * 2);
      const rangeAt = rangeOffsets + i * 2;
      const range = font.readUInt16BE(rangeAt);
      if (range === 0) return (c + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeAt + range + (c - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
