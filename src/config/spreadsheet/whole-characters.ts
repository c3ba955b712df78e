// exceljs's streaming reader decodes every chunk of XML on its own, so a character whose UTF-8 bytes straddle two
// chunks (an é in "Café") becomes two U+FFFD: a few names in every ten thousand come out mangled. These hand it
// text that never splits a character; exceljs passes text through untouched.

/** The chunks as text, each ending on a whole character. */
export async function* wholeCharacters(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/** The part of exceljs's WorkbookReader that reads the shared strings, as far as this module touches it. */
interface SharedStringsReader {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
}

/**
 * Makes this one reader decode its shared-strings part as whole characters: the entry stream is switched to text
 * before exceljs reads it. Only `reader` changes; exceljs itself is left as it is.
 */
export function readSharedStringsWhole(reader: object): void {
  const internals = reader as SharedStringsReader;
  const parse = internals._parseSharedStrings;
  if (typeof parse !== 'function') return;
  internals._parseSharedStrings = function (this: SharedStringsReader, entry) {
    entry.setEncoding('utf8');
    return parse.call(this, entry);
  };
}
