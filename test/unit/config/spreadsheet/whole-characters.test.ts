import { PassThrough } from 'node:stream';
import { readSharedStringsWhole, wholeCharacters } from '../../../../src/config/spreadsheet/whole-characters';

async function joined(chunks: (Buffer | string)[]): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const text of wholeCharacters(source())) out.push(text);
  return out;
}

describe('wholeCharacters', () => {
  it('never splits a character, wherever the bytes are cut', async () => {
    const text = 'Café crème — thé 🍵 ok';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const pieces = await joined([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(pieces.join('')).toBe(text);
      expect(pieces.join('')).not.toContain('\uFFFD');
    }
  });

  it('passes text through and leaves out empty pieces', async () => {
    expect(await joined(['ab', Buffer.from([0xc3]), Buffer.from([0xa9]), 'c'])).toEqual(['ab', 'é', 'c']);
  });
});

describe('readSharedStringsWhole', () => {
  it("switches the shared-strings entry to text before exceljs's parser reads it, on this reader only", async () => {
    class Reader {
      async *_parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown> {
        yield (entry as PassThrough).readableEncoding;
      }
    }
    const patched = new Reader();
    readSharedStringsWhole(patched);
    const first = async (reader: Reader) => (await reader._parseSharedStrings(new PassThrough()).next()).value;
    expect(await first(patched)).toBe('utf8');
    expect(await first(new Reader())).toBeNull();
  });

  it('leaves a reader without that method alone', () => {
    const reader = {};
    readSharedStringsWhole(reader);
    expect(reader).toEqual({});
  });
});
