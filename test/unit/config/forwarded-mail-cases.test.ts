import PostalMime from 'postal-mime';
import {
  classifyAttachment,
  MAX_ATTACHMENTS,
  MAX_MAIL_BYTES,
  MAX_MAIL_DEPTH,
  MAX_MAIL_PARTS,
  parseForwardedMail,
  type MailRead,
} from '../../../src/config/forwarded-mail';
import { readIntakeCsv, readIntakeXlsx } from '../../../src/config/intake-sheets';
import { senderAllowed } from '../../../src/domain/allowed-senders';
import {
  base64File,
  deeplyNestedMail,
  forwardedTimes,
  handBuiltMail,
  manyPartsMail,
  multipart,
  oversizeMail,
  PRICE_LIST_CSV,
  quotedPrintableText,
  rawMail,
  XLSX_TYPE,
  xlsxWorkbook,
} from '../../support/mail-fixtures';

// The mails staff actually forward to the inbox, read end to end by the mail reader: a count sheet forwarded as an
// attachment, a supplier's price list, forwards within forwards, the encodings mail programs use, and the mails it
// refuses (too big, too many parts, nested too deep), each refusal naming the mail and the limit.

const SHOP = ['*@harbourstreet.example', 'alex@gmail.com'];
const mailOf = (out: MailRead) => {
  if (!out.ok) throw new Error(`expected a mail, got: ${out.problem}`);
  return out.mail;
};

describe('a forwarded count or price list', () => {
  it('a shelf count in Excel, forwarded as an attachment: the workbook comes out byte for byte and reads as a table', async () => {
    const xlsx = await xlsxWorkbook();
    const original = await rawMail({
      from: 'Priya <priya@harbourstreet.example>',
      subject: 'Fridge count',
      files: [{ filename: 'fridge count.xlsx', content: xlsx, contentType: XLSX_TYPE }],
    });
    const forward = await rawMail({ from: 'Sam <Sam@HarbourStreet.example>', subject: 'Fwd: Fridge count', forwarded: [original] });

    const mail = mailOf(await parseForwardedMail(forward, 'fwd.eml'));
    // The forwarder is who sent it to the inbox, so the forwarder is who the allow-list judges.
    expect(mail).toMatchObject({ from: 'sam@harbourstreet.example', fromName: 'Sam', subject: 'Fwd: Fridge count' });
    expect(mail.messageId).toBe('<Fwd-Fridge-count@test>');
    expect(mail.attachments.map((a) => [a.fileName, a.mimeType])).toEqual([['fridge count.xlsx', XLSX_TYPE]]);
    expect(mail.attachments[0]!.content.equals(xlsx)).toBe(true);
    expect(classifyAttachment(mail.attachments[0]!.fileName, mail.attachments[0]!.mimeType)).toBe('xlsx');
    const read = await readIntakeXlsx('fridge count.xlsx', mail.attachments[0]!.content);
    expect(read.ok && read.document.tables[0]!.rows[1]).toEqual(['BEAN-HB', 'House Blend beans', 'main', '50']);
  });

  it("a supplier's CSV price list sent straight in", async () => {
    const mail = mailOf(
      await parseForwardedMail(
        await rawMail({ from: 'alex@gmail.com', subject: 'New prices', files: [{ filename: 'prices.csv', content: PRICE_LIST_CSV }] }),
        'prices.eml',
      ),
    );
    expect(mail.attachments.map((a) => [a.fileName, classifyAttachment(a.fileName, a.mimeType), a.content.toString()])).toEqual([
      ['prices.csv', 'csv', PRICE_LIST_CSV],
    ]);
    const read = readIntakeCsv('prices.csv', mail.attachments[0]!.content);
    expect(read.ok && read.document.tables[0]!.rows[1]).toEqual(['BEAN-HB', 'House Blend beans 1kg', '1', '4.45']);
  });

  it('a mail with no attachment reads, with none', async () => {
    const mail = mailOf(
      await parseForwardedMail(await rawMail({ from: 'sam@harbourstreet.example', subject: 'Hi', text: 'Count is 50' }), 'hi.eml'),
    );
    expect(mail.attachments).toEqual([]);
    expect(mail.subject).toBe('Hi');
  });

  it('a forward inside a forward: the innermost files, from every level, in the order they were attached', async () => {
    const leaf = await rawMail({
      from: 'orders@bayside.example',
      subject: 'Packing list',
      files: [{ filename: 'packing.csv', content: 'sku,qty\nBEAN-HB,24\n' }],
    });
    const middle = await rawMail({
      from: 'priya@harbourstreet.example',
      subject: 'Fwd: Packing list',
      files: [{ filename: 'note.csv', content: 'sku,qty\nCUP-12,1\n' }],
      forwarded: [leaf],
    });
    const outer = await forwardedTimes(middle, 1);
    const mail = mailOf(await parseForwardedMail(outer, 'outer.eml'));
    expect(mail.from).toBe('sam@harbourstreet.example');
    expect(mail.attachments.map((a) => [a.fileName, a.content.toString()])).toEqual([
      ['note.csv', 'sku,qty\nCUP-12,1\n'],
      ['packing.csv', 'sku,qty\nBEAN-HB,24\n'],
    ]);
  });

  it('a forward placed inline (message/rfc822 without a disposition) gives up its files too', async () => {
    const leaf = await rawMail({ from: 'orders@bayside.example', subject: 'List', files: [{ filename: 'list.csv', content: 'sku\nA\n' }] });
    const raw = handBuiltMail({
      from: 'sam@harbourstreet.example',
      subject: 'Fwd: List',
      body: multipart(
        'mixed',
        [quotedPrintableText('See below.'), { headers: { 'Content-Type': 'message/rfc822' }, body: leaf.toString() }],
        'fw',
      ),
    });
    expect(mailOf(await parseForwardedMail(raw, 'inline.eml')).attachments.map((a) => a.fileName)).toEqual(['list.csv']);
  });

  it('a forward sent base64-encoded (which a mail parser keeps as a file) is opened as well', async () => {
    const leaf = await rawMail({ from: 'orders@bayside.example', subject: 'List', files: [{ filename: 'list.csv', content: 'sku\nA\n' }] });
    const raw = handBuiltMail({
      from: 'sam@harbourstreet.example',
      subject: 'Fwd: List',
      body: multipart(
        'mixed',
        [
          quotedPrintableText('See attached.'),
          base64File(leaf, { contentType: 'message/rfc822', disposition: 'attachment; filename="list.eml"' }),
        ],
        'enc-fw',
      ),
    });
    expect(mailOf(await parseForwardedMail(raw, 'encoded.eml')).attachments.map((a) => [a.fileName, a.content.toString()])).toEqual([
      ['list.csv', 'sku\nA\n'],
    ]);
  });

  it(`forwards ${MAX_MAIL_DEPTH} deep are still read`, async () => {
    const leaf = await rawMail({ from: 'a@b.example', subject: 'leaf', files: [{ filename: 'c.csv', content: 'x' }] });
    const mail = mailOf(await parseForwardedMail(await forwardedTimes(leaf, MAX_MAIL_DEPTH), 'deep.eml'));
    expect(mail.attachments.map((a) => a.fileName)).toEqual(['c.csv']);
  });
});

describe('the encodings mail programs use', () => {
  it('a quoted-printable body and a base64 attachment decode to the bytes that were sent', async () => {
    const csv = 'sku,name,counted\nMILK-WH,Lait entier 2L,31\nCROISS,Croissant au beurre,12\n';
    const raw = handBuiltMail({
      from: '=?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@harbourstreet.example>',
      subject: '=?UTF-8?Q?Comptage_caf=C3=A9?=',
      body: multipart(
        'mixed',
        [
          quotedPrintableText('Bonjour, voici le comptage du caf=C3=A9 =E2=80=94 une tr=C3=A8s longue ligne qui se =\r\npoursuit ici.'),
          base64File(csv, { contentType: 'text/csv; charset=utf-8', disposition: 'attachment; filename="comptage.csv"' }),
        ],
        'enc',
      ),
    });
    const mail = mailOf(await parseForwardedMail(raw, 'enc.eml'));
    expect(mail).toMatchObject({ from: 'zoe@harbourstreet.example', fromName: 'Zoë Müller', subject: 'Comptage café' });
    expect(mail.attachments.map((a) => [a.fileName, a.content.toString('utf8')])).toEqual([['comptage.csv', csv]]);
  });

  it('non-ASCII file names, in both the encoded-word and the RFC 2231 spelling', async () => {
    const raw = handBuiltMail({
      from: 'sam@harbourstreet.example',
      body: multipart(
        'mixed',
        [
          base64File('a', { contentType: 'text/csv', disposition: "attachment; filename*=UTF-8''B%C3%A4ckerei%20Z%C3%A4hlung.csv" }),
          base64File('b', { contentType: 'text/csv', extraType: 'name="=?UTF-8?B?5Zyo5bqrLmNzdg==?="', disposition: 'attachment' }),
          base64File('c', { contentType: 'text/csv', disposition: 'attachment; filename="=?ISO-8859-1?Q?Caf=E9_prix.csv?="' }),
        ],
        'names',
      ),
    });
    expect(mailOf(await parseForwardedMail(raw, 'names.eml')).attachments.map((a) => [a.fileName, a.content.toString()])).toEqual([
      ['Bäckerei Zählung.csv', 'a'],
      ['在庫.csv', 'b'],
      ['Café prix.csv', 'c'],
    ]);
  });

  it('an image sent without a name gets one from its type; a nameless logo inside the message body is left out', async () => {
    const raw = handBuiltMail({
      from: 'sam@harbourstreet.example',
      body: multipart(
        'mixed',
        [
          multipart(
            'related',
            [
              { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<p>Count attached</p><img src="cid:logo@x">' },
              base64File(Buffer.from([0x89, 0x50, 0x4e, 0x47]), { contentType: 'image/png', disposition: 'inline', contentId: '<logo@x>' }),
            ],
            'rel',
          ),
          base64File(Buffer.from([0xff, 0xd8, 0xff]), { contentType: 'image/jpeg', disposition: 'inline' }),
        ],
        'img',
      ),
    });
    const mail = mailOf(await parseForwardedMail(raw, 'photo.eml'));
    expect(mail.attachments.map((a) => [a.fileName, classifyAttachment(a.fileName, a.mimeType), [...a.content]])).toEqual([
      ['attachment-1.jpg', 'image', [0xff, 0xd8, 0xff]],
    ]);
  });
});

describe('mails the inbox refuses, each refusal naming the mail and the limit', () => {
  it('a 30 MB mail is refused before it is parsed', async () => {
    const raw = oversizeMail(30);
    const parse = jest.spyOn(PostalMime, 'parse');
    try {
      expect(await parseForwardedMail(raw, 'scan.eml')).toEqual({
        ok: false,
        problem: `scan.eml is 30.0 MB; the most a forwarded mail may be is ${(MAX_MAIL_BYTES / 1024 / 1024).toFixed(1)} MB`,
      });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it(`more than ${MAX_MAIL_PARTS} parts`, async () => {
    expect(await parseForwardedMail(manyPartsMail(MAX_MAIL_PARTS + 1), 'many.eml')).toEqual({
      ok: false,
      problem: `many.eml was not read: it has more than ${MAX_MAIL_PARTS} parts`,
    });
  });

  it(`more than ${MAX_ATTACHMENTS} files, though under the part limit`, async () => {
    expect(mailOf(await parseForwardedMail(manyPartsMail(MAX_ATTACHMENTS), 'some.eml')).attachments).toHaveLength(MAX_ATTACHMENTS);
    expect(await parseForwardedMail(manyPartsMail(MAX_ATTACHMENTS + 1), 'album.eml')).toEqual({
      ok: false,
      problem: `album.eml was not read: it has more than ${MAX_ATTACHMENTS} attachments`,
    });
  });

  it('parts count across forwards, attachments or not', async () => {
    // Sixty forwarded notes with no files at all: every note is its own parts, however little it carries.
    const notes = await Promise.all(
      Array.from({ length: 60 }, (_, i) => rawMail({ from: 'a@b.example', subject: `note ${i}`, text: 'ok' })),
    );
    const raw = await rawMail({ from: 'sam@harbourstreet.example', subject: 'notes', forwarded: notes });
    expect(await parseForwardedMail(raw, 'notes.eml')).toEqual({
      ok: false,
      problem: `notes.eml was not read: it has more than ${MAX_MAIL_PARTS} parts`,
    });
  });

  it(`parts nested more than ${MAX_MAIL_DEPTH} deep`, async () => {
    const ok = mailOf(await parseForwardedMail(deeplyNestedMail(MAX_MAIL_DEPTH), 'ok.eml'));
    expect(ok.attachments.map((a) => a.fileName)).toEqual(['deep.csv']);
    expect(await parseForwardedMail(deeplyNestedMail(MAX_MAIL_DEPTH + 1), 'nested.eml')).toEqual({
      ok: false,
      problem: `nested.eml was not read: its parts nest more than ${MAX_MAIL_DEPTH} deep`,
    });
  });

  it(`forwards within forwards more than ${MAX_MAIL_DEPTH} deep`, async () => {
    const leaf = await rawMail({ from: 'a@b.example', subject: 'leaf', files: [{ filename: 'c.csv', content: 'x' }] });
    expect(await parseForwardedMail(await forwardedTimes(leaf, MAX_MAIL_DEPTH + 1), 'forwards.eml')).toEqual({
      ok: false,
      problem: `forwards.eml was not read: it forwards mail within mail more than ${MAX_MAIL_DEPTH} deep`,
    });
  });

  it('something that is not a mail at all is an answer, not a throw', async () => {
    const out = await parseForwardedMail(Buffer.from([0, 1, 2, 3]), 'junk.eml');
    // postal-mime reads almost anything as a mail with no headers; what matters is that nothing throws.
    expect(out.ok ? out.mail.from : out.problem).toBeDefined();
  });
});

describe('who may mail in', () => {
  const fromOf = async (from: string) => mailOf(await parseForwardedMail(await rawMail({ from, subject: 's' }), 's.eml')).from;

  it('a sender on the list, in any case, is allowed; a subdomain, a lookalike domain or another address is not', async () => {
    expect(senderAllowed(await fromOf('Sam <SAM@HarbourStreet.Example>'), SHOP)).toBe(true);
    expect(senderAllowed(await fromOf('Alex <Alex@Gmail.com>'), SHOP)).toBe(true);
    expect(senderAllowed(await fromOf('sam@mail.harbourstreet.example'), SHOP)).toBe(false);
    expect(senderAllowed(await fromOf('sam@harbourstreet.example.attacker.test'), SHOP)).toBe(false);
    expect(senderAllowed(await fromOf('bob@gmail.com'), SHOP)).toBe(false);
  });

  it('a display name that looks like an allowed address does not make the sender allowed', async () => {
    const from = await fromOf('"alex@gmail.com" <mallory@evil.test>');
    expect(from).toBe('mallory@evil.test');
    expect(senderAllowed(from, SHOP)).toBe(false);
  });

  it('a mail with no From is nobody, and nobody is allowed', async () => {
    const raw = handBuiltMail({ from: '', body: quotedPrintableText('hello') });
    const from = mailOf(await parseForwardedMail(raw, 'anon.eml')).from;
    expect(from).toBe('');
    expect(senderAllowed(from, SHOP)).toBe(false);
  });
});
