import { createInflateRaw } from 'node:zlib';
import { DocumentError } from '../errors';
import type { SheetRules } from './limits';
import { damaged, declaredParts, type LocalPart, type LocalParts, localParts } from './zip-entries';

// Guards a reader against zip bombs: an XLSX upload is checked from its bytes before any unzip library sees them.

// Real workbook parts pack 5–30:1. Deflate tops out near 1,030:1, which only a run of one repeated byte reaches: a big
// part packed that tightly is filler, not a spreadsheet.
const MAX_PART_RATIO = 200;
const RATIO_CHECKED_ABOVE = 10 * 1024 * 1024;

/** "300 MB", "5 KB": sizes as a person reads them. */
export const formatSize = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`
    : `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;

/** Bytes a part inflates to, counting no further than just past `budget` and holding one chunk at a time. */
function inflatedSize(part: LocalPart, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let total = 0;
    let settled = false;
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget && !settled) {
        settled = true;
        inflater.destroy();
        resolve(total);
      }
    });
    inflater.on('end', () => {
      settled = true;
      resolve(total);
    });
    inflater.on('error', (err) => {
      if (settled) return;
      settled = true;
      reject(damaged(`its part ${part.name} is damaged: ${err.message}`));
    });
    inflater.end(part.data);
  });
}

/**
 * Refuses an archive that would unpack to more than `rules.limits.maxUncompressedBytes`: first by what its directory
 * declares (instant: a part packed far tighter than real data, or parts that honestly add up to too much), then by
 * inflating every part and counting, since declared sizes can lie. Memory stays flat: one inflated chunk at a time.
 *
 * Returns the parts in file order for the reader. Throws a DocumentError naming `file` for a bomb or a file too big,
 * and a BrokenZip for an archive that cannot be read at all.
 */
export async function guardZip(file: string, bytes: Buffer, rules: SheetRules): Promise<LocalParts> {
  const maxBytes = rules.limits.maxUncompressedBytes;
  const bomb = (message: string): DocumentError => new DocumentError([{ file, message: `${message}; refusing it as a possible zip bomb` }]);

  let total = 0;
  for (const part of declaredParts(bytes)) {
    total += part.uncompressed;
    if (part.uncompressed > RATIO_CHECKED_ABOVE && part.uncompressed > MAX_PART_RATIO * part.compressed) {
      throw bomb(
        `its part ${part.name} unpacks from ${formatSize(part.compressed)} to ${formatSize(part.uncompressed)}, far tighter than any ` +
          `spreadsheet packs`,
      );
    }
  }
  if (total > maxBytes) {
    const { workbook, tooBig } = rules.wording;
    throw new DocumentError([
      {
        file,
        message: `unpacks to ${formatSize(total)}, more than the ${formatSize(maxBytes)} ${workbook} may; ${tooBig}, or save it as CSV`,
      },
    ]);
  }

  const local = localParts(bytes);
  let inflated = 0;
  for (const part of local.parts) {
    inflated += part.method === 0 ? part.data.length : await inflatedSize(part, maxBytes - inflated);
    if (inflated > maxBytes) throw bomb(`it unpacks to more than ${formatSize(maxBytes)} though it declares ${formatSize(total)}`);
  }
  return local;
}
