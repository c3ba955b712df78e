import type { IntakeDocument } from '../../domain/intake-document';

/** A PDF or an image to read, and where it is kept when Textract must read it from S3 (multi-page PDFs). */
export interface ReadableFile {
  fileName: string;
  content: Buffer;
  kind: 'pdf' | 'image';
  s3Object?: { bucket: string; key: string };
}

export type DocumentRead = { ok: true; document: IntakeDocument } | { ok: false; problem: string };

/** Reads PDFs and photos into text and tables: Amazon Textract on AWS; nothing locally, which says so. */
export interface DocumentReader {
  read(file: ReadableFile): Promise<DocumentRead>;
  describe(): string;
}

/** The embedded default: no OCR here, and a clear answer about what to send instead. */
export const noDocumentReader = (): DocumentReader => ({
  read: async (file) => ({
    ok: false,
    problem:
      `${file.fileName} is ${file.kind === 'pdf' ? 'a PDF' : 'an image'}; reading PDFs and photos needs Amazon Textract, which is not ` +
      'set up here. Send the count as a CSV or Excel file, or set up Textract (README, Inbox)',
  }),
  describe: () => 'no document reader (PDFs and photos need Amazon Textract)',
});
