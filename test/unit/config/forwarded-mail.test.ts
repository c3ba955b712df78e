import { classifyAttachment, cleanFileName, MAX_MAIL_PARTS, parseForwardedMail } from '../../../src/config/forwarded-mail';
import { rawMail } from '../../support/mail-fixtures';

describe('reading a forwarded mail', () => {
  it('gives the sender, subject and attachments, with names cleaned of folders and control characters', async () => {
    const mail = await rawMail({
      from: 'Sam Ortiz <Sam@Harbourstreet.example>',
      subject: 'Comptage café',
      files: [{ filename: '../../etc/çount\u202e.csv', content: 'sku,qty\nA,1\n' }],
    });
    const out = await parseForwardedMail(mail, 'm1');
    expect(out).toMatchObject({ ok: true, mail: { from: 'sam@harbourstreet.example', fromName: 'Sam Ortiz', subject: 'Comptage café' } });
    if (!out.ok) return;
    expect(out.mail.attachments.map((a) => [a.fileName, a.content.toString()])).toEqual([['çount.csv', 'sku,qty\nA,1\n']]);
  });

  it('refuses more parts than the limit, naming the mail and the limit', async () => {
    const files = Array.from({ length: MAX_MAIL_PARTS + 5 }, (_, i) => ({ filename: `f${i}.csv`, content: 'x' }));
    expect(await parseForwardedMail(await rawMail({ from: 'a@b.example', subject: 's', files }), 'wide.eml')).toEqual({
      ok: false,
      problem: `wide.eml was not read: it has more than ${MAX_MAIL_PARTS} parts`,
    });
  });

  it('refuses forwards nested more than ten deep', async () => {
    let mail = await rawMail({ from: 'a@b.example', subject: 'leaf', files: [{ filename: 'c.csv', content: 'x' }] });
    for (let i = 0; i < 12; i++) mail = await rawMail({ from: 'a@b.example', subject: `fwd ${i}`, forwarded: [mail] });
    const out = await parseForwardedMail(mail, 'deep.eml');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problem).toMatch(/^deep\.eml was not read: .*(10 deep|nest)/);
  });

  it('knows a document by its name first, then its type; gives a nameless one a name', () => {
    expect(classifyAttachment('Count.XLSX', 'application/octet-stream')).toBe('xlsx');
    expect(classifyAttachment('scan', 'application/pdf')).toBe('pdf');
    expect(classifyAttachment('photo.jpeg', 'image/jpeg')).toBe('image');
    expect(classifyAttachment('notes.docx', 'application/msword')).toBe('unsupported');
    expect(cleanFileName(null, 'image/png', 2)).toBe('attachment-3.png');
  });
});
