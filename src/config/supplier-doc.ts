import { basename } from 'node:path';
import { PO_PLACEHOLDERS } from '../domain/po-text';
import type { Supplier, SupplierBook } from '../domain/types';
import { atMost, MAX_DAYS, MAX_PACK_SIZE, MAX_QUANTITY } from './bounds';
import { DocumentError, type Problem } from './errors';
import { didYouMean, normalizeKey, readDocumentBytes, splitLines } from './headers';

const KEY_NAMES = ['email', 'pack size', 'minimum order', 'lead time days', 'template'] as const;
type KeyName = (typeof KEY_NAMES)[number];
const BY_NORMAL = new Map<string, KeyName>(KEY_NAMES.map((k) => [normalizeKey(k), k]));

/** `## Bayside Roasters`. A `###` line is a comment, not a section. */
const HEADING = /^##(?!#)\s*(.*)$/;
// As in the rules doc: `#` after a space and before a space or the end of the line starts a comment.
const TRAILING_COMMENT = /\s+#(?:\s.*)?$/;
const NONE = /^(none|)$/i;
const NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const EMAIL = /^[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[^\s@<>(),;:.]+$/;

const ALLOWED = PO_PLACEHOLDERS.map((p) => `{${p}}`).join(' ');
/** Anything in braces that reads like a name is meant as a placeholder; `{1234}` is the supplier's own text. */
const BRACES = /\{([^{}\n]*)\}/g;
const LOOKS_LIKE_NAME = /^\s*[A-Za-z_][\w -]*\s*$/;

type Value = { value: number | string } | { expected: string };

// The largest each number may be (src/config/bounds.ts): a pack, an order's worth of units, a lead time in days.
const MAX: Record<'pack size' | 'minimum order' | 'lead time days', number> = {
  'pack size': MAX_PACK_SIZE,
  'minimum order': MAX_QUANTITY,
  'lead time days': MAX_DAYS,
};

function readValue(key: Exclude<KeyName, 'template'>, raw: string): Value {
  if (key === 'email') return EMAIL.test(raw) ? { value: raw } : { expected: 'an email address like "orders@supplier.example"' };
  // Digits past a double's range read as Infinity, so they are refused as too big, not as "not a number".
  const n = NUMBER.test(raw) ? Number(raw.replace(/,/g, '')) : NaN;
  const whole = key === 'pack size';
  const noun = whole ? 'a whole number' : 'a number';
  if (Number.isNaN(n) || (whole && (n < 1 || (Number.isFinite(n) && !Number.isInteger(n))))) {
    return { expected: whole ? 'a whole number ≥ 1' : 'a number ≥ 0' };
  }
  return n > MAX[key] ? { expected: atMost(noun, MAX[key]) } : { value: n };
}

interface Section {
  supplier: Supplier;
  /** false for a section that is itself in error (no name, or a duplicate): its lines are still checked, not kept. */
  keep: boolean;
  keyLines: Map<KeyName, number>;
}

interface TemplateLine {
  text: string;
  line: number;
}

/** Parses the supplier doc into suppliers keyed by lower-cased name. Throws one DocumentError listing every problem. */
export function parseSupplierDoc(text: string, fileName: string): SupplierBook {
  const book: SupplierBook = {};
  const headingLine = new Map<string, number>();
  const problems: Problem[] = [];
  const problem = (line: number, message: string, field?: string): void => {
    problems.push({ file: fileName, line, ...(field === undefined ? {} : { field }), message });
  };

  let section: Section | null = null;
  let template: TemplateLine[] | null = null;
  let strayReported = false;

  /** `template:` runs to the next heading; surrounding blank lines are layout, not part of the PO. */
  const finishTemplate = (): void => {
    if (section === null || template === null) return;
    const lines = [...template];
    while (lines.length > 0 && (lines[0]?.text.trim() ?? '') === '') lines.shift();
    while (lines.length > 0 && (lines[lines.length - 1]?.text.trim() ?? '') === '') lines.pop();
    for (const { text: body, line } of lines) {
      for (const match of body.matchAll(BRACES)) {
        const inner = match[1] ?? '';
        if ((PO_PLACEHOLDERS as readonly string[]).includes(inner) || !LOOKS_LIKE_NAME.test(inner)) continue;
        const hint = didYouMean(inner, PO_PLACEHOLDERS, (p) => `"{${p}}"`);
        problem(
          line,
          `unknown placeholder "${match[0]}" in the template of "${section.supplier.name}"${hint}; allowed: ${ALLOWED}`,
          'template',
        );
      }
    }
    // An empty `template:` falls back to the built-in template rather than sending a blank PO.
    section.supplier.template = lines.length === 0 ? null : lines.map((l) => l.text).join('\n');
    template = null;
  };

  splitLines(text).forEach((original, index) => {
    const line = index + 1;
    const heading = HEADING.exec(original.trimEnd());
    if (heading) {
      finishTemplate();
      const name = (heading[1] ?? '').trim();
      const supplier: Supplier = { name, email: null, packSize: null, minimumOrder: null, leadTimeDays: null, template: null };
      section = { supplier, keep: false, keyLines: new Map() };
      if (name === '') {
        problem(line, 'expected a supplier name after "##", like "## Bayside Roasters"');
        return;
      }
      const key = name.toLowerCase();
      const earlier = headingLine.get(key);
      if (earlier !== undefined) {
        problem(line, `supplier "${name}" is already defined on line ${earlier}; keep one section per supplier`);
        return;
      }
      headingLine.set(key, line);
      book[key] = supplier;
      section.keep = true;
      return;
    }
    if (template !== null) {
      template.push({ text: original, line });
      return;
    }

    const trimmed = original.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (section === null) {
      // One problem is enough: a pasted intro paragraph would otherwise produce one per line.
      if (!strayReported) problem(line, `expected a "## Supplier name" heading before any settings, got "${trimmed}"`);
      strayReported = true;
      return;
    }
    const current: Section = section;

    const colon = trimmed.indexOf(':');
    const written = colon < 0 ? '' : trimmed.slice(0, colon).trim();
    if (written === '') {
      problem(line, `expected "key: value" (${KEY_NAMES.join(', ')}) in the section for "${current.supplier.name}", got "${trimmed}"`);
      return;
    }
    const key = BY_NORMAL.get(normalizeKey(written));
    if (key === undefined) {
      problem(line, `unknown key "${written}"${didYouMean(written, KEY_NAMES)}; expected one of: ${KEY_NAMES.join(', ')}`, written);
      return;
    }
    const earlier = current.keyLines.get(key);
    if (earlier !== undefined) {
      problem(line, `"${key}" for "${current.supplier.name}" is already set on line ${earlier}; keep one of them`, key);
      return;
    }
    current.keyLines.set(key, line);

    if (key === 'template') {
      // Text after `template:` on the same line is the template's first line, kept as written (no comment stripping).
      const first = trimmed.slice(colon + 1).trim();
      template = first === '' ? [] : [{ text: first, line }];
      return;
    }
    const raw = trimmed
      .slice(colon + 1)
      .replace(TRAILING_COMMENT, '')
      .trim();
    if (NONE.test(raw)) return;
    const r = readValue(key, raw);
    if ('expected' in r) {
      problem(line, `"${key}" for "${current.supplier.name}": expected ${r.expected}, got "${raw}"`, key);
      return;
    }
    const s = current.supplier;
    if (key === 'email') s.email = String(r.value);
    else if (key === 'pack size') s.packSize = Number(r.value);
    else if (key === 'minimum order') s.minimumOrder = Number(r.value);
    else s.leadTimeDays = Number(r.value);
  });
  finishTemplate();

  // Template problems are found when the template ends, so put everything back in line order.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (problems.length > 0) throw new DocumentError(problems);
  return book;
}

/** Reads a supplier doc from disk; messages name the file by its basename. */
export async function readSupplierDocFile(path: string): Promise<SupplierBook> {
  const data = await readDocumentBytes(path);
  return parseSupplierDoc(data.toString('utf8'), basename(path));
}
