import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { COUNT_BLOCK } from '../../views/ids';
import { blockKitProblems } from '../support/block-kit-limits';
import { CountHarness } from '../support/count-harness';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';

let slack: FakeSlack;
let h: CountHarness;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack.close());

beforeEach(async () => {
  slack.reset();
  h = await new CountHarness(slack).start();
});
afterEach(async () => h.stop());

const json = async (res: Promise<Response>): Promise<any> => (await res).json();

async function xlsxRows(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('/count', () => {
  it('help and unknown words answer privately with how counting works', async () => {
    const help = await json(h.command('help'));
    expect(help).toMatchObject({ response_type: 'ephemeral' });
    expect(help.text).toMatch(/\/count status/);
    expect((await json(h.command('please'))).text).toMatch(/is not something I know/);
    expect((await json(h.command('status'))).text).toBe('No counts are open. Type `/count` to start one.');
  });

  it('opens the modal with the locations from the stock sheet and the user as counter', async () => {
    expect((await h.command('')).status).toBe(200);
    const view = slack.last('views.open')?.args.view as {
      blocks: { block_id: string; element: { options?: { value: string }[]; initial_user?: string } }[];
    };
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
    expect(view.blocks.find((b) => b.block_id === COUNT_BLOCK.location)?.element.options?.map((o) => o.value)).toEqual(['Fixings', 'main']);
    expect(view.blocks.find((b) => b.block_id === COUNT_BLOCK.counter)?.element.initial_user).toBe('U0SAM');
  });

  it('submitting opens a session: snapshot stored, message in the location channel, pre-filled sheet in its thread', async () => {
    expect((await h.submitCount('Fixings')).status).toBe(200);
    await h.runtime.queue.drain();

    const [session, ...others] = await h.store.counts.listActive();
    expect(others).toEqual([]);
    expect(session).toMatchObject({ location: 'Fixings', counter: 'U0SAM', session_status: 'open', channel: 'C0FIX', scope: null });
    const lines = await h.store.counts.lines(session!.session_id);
    expect(lines.map((l) => [l.sku, l.system, l.counted])).toEqual([
      ['BOLT-M6-50', 480, null],
      ['DRILL-18V', 4, null],
      ['NUT-M6', 900, null],
    ]);

    const message = slack.message('C0FIX', session!.ts!);
    expect(String(message?.text)).toMatch(/upload the count in this thread/);
    expect(blockKitProblems({ kind: 'message', blocks: message?.blocks as unknown[], text: String(message?.text) })).toEqual([]);
    const [sheet] = slack.files();
    expect(sheet).toMatchObject({ name: `count-${session!.session_id}.xlsx`, completed: true, channels: ['C0FIX'] });
    expect(slack.last('files.completeUploadExternal')?.args.thread_ts).toBe(session!.ts);
    expect(await xlsxRows(sheet!.bytes)).toEqual([
      ['sku', 'name', 'location', 'counted_qty', 'unit'],
      ['BOLT-M6-50', 'M6 x 50 bolts', 'Fixings', undefined, 'each'],
      ['DRILL-18V', '18V drill', 'Fixings', undefined, 'each'],
      ['NUT-M6', 'M6 nuts', 'Fixings', undefined, 'each'],
    ]);
    expect(String(slack.last('chat.postMessage')?.args.text)).toMatch(/is open in <#C0FIX> with 3 SKUs/);

    // A second /count for the same location keeps the modal open and points to the first.
    const again = await json(h.submitCount('Fixings', 'U0TOM'));
    expect(again).toMatchObject({ response_action: 'errors' });
    expect(again.errors[COUNT_BLOCK.location]).toMatch(new RegExp(`Count ${session!.session_id} is already open here in <#C0FIX>`));
    expect(await h.store.counts.listActive()).toHaveLength(1);
    expect((await json(h.command('status'))).text).toMatch(new RegExp(`${session!.session_id}\\* at \\*Fixings\\* \\(<#C0FIX>\\): open`));
  });

  it.each([
    ['not_in_channel', 'stockbot is not in <#C0FIX>'],
    ['channel_not_found', 'stockbot cannot see <#C0FIX>'],
  ])('a location channel the app cannot post in (%s) saves nothing and tells the person to invite it', async (error, why) => {
    slack.fail('chat.postMessage', error);
    expect((await h.submitCount('Fixings')).status).toBe(200);
    await h.runtime.queue.drain();

    expect(await h.store.counts.listActive()).toEqual([]);
    expect(await h.store.counts.openFor('Fixings')).toBeNull();
    const rows = await h.store.dynamo.doc.send(new ScanCommand({ TableName: h.store.dynamo.tables.counts }));
    expect(rows.Items).toEqual([]);
    expect(slack.files()).toEqual([]);
    const told = slack.callsTo('chat.postMessage').at(-1);
    expect(told?.args.channel).toBe('D0SAM'); // privately, in a DM
    expect(String(told?.args.text)).toContain(`No count was opened: ${why}`);
    expect(String(told?.args.text)).toContain('invite @stockbot to <#C0FIX> first');

    // Once the app is in the channel, the location can be counted: nothing was left locked.
    await h.submitCount('Fixings');
    await h.runtime.queue.drain();
    const [session, ...others] = await h.store.counts.listActive();
    expect(others).toEqual([]);
    expect(session).toMatchObject({ location: 'Fixings', channel: 'C0FIX' });
    expect((await h.store.counts.lines(session!.session_id)).map((l) => l.sku)).toEqual(['BOLT-M6-50', 'DRILL-18V', 'NUT-M6']);
  });

  it('a scope of categories snapshots only those items', async () => {
    await h.submitCount('Fixings', 'U0SAM', ['bolts', 'nuts']);
    await h.runtime.queue.drain();
    const [session] = await h.store.counts.listActive();
    expect((await h.store.counts.lines(session!.session_id)).map((l) => l.sku)).toEqual(['BOLT-M6-50', 'NUT-M6']);
  });

  it('a location with no channel in the rules doc posts where /count was typed', async () => {
    await h.submitCount('main');
    await h.runtime.queue.drain();
    const [session] = await h.store.counts.listActive();
    expect(session?.channel).toBe('C0GENERAL');
  });
});

describe('counting in the session thread', () => {
  it('/count → sheet → upload → summary and cards → approve one, reject one: stock, adjustments, ledger and audit exactly as decided', async () => {
    const session = await h.openFixingsCount();
    // The app's own sheet upload raises file_shared too: it is not read as a count.
    const ownSheet = slack.files()[0]!;
    await h.deliver({
      type: 'file_shared',
      file_id: ownSheet.id,
      user_id: 'U0BOT',
      file: { id: ownSheet.id },
      channel_id: 'C0FIX',
      event_ts: '1.1',
    });

    // A scanner export: the bolts by barcode (alias), 432 of 480; the nuts 899 of 900 (in agreement);
    // the drill not scanned at all; and a code nobody knows.
    const csv = 'barcode,qty\n5012345678900,400\n5012345678900,32\nNUT-M6,899\n99999,3\n';
    const upload = slack.userUpload({
      user: 'U0SAM',
      channel: 'C0FIX',
      threadTs: session.ts!,
      name: 'scan.csv',
      bytes: Buffer.from(csv),
      mimetype: 'text/csv',
    });
    expect((await h.deliver(upload.message)).status).toBe(200);
    expect((await h.deliver(upload.fileShared)).status).toBe(200); // the same file's second event changes nothing
    await h.runtime.queue.drain();

    const replies = slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === session.ts);
    expect(replies.filter((c) => /Reading the count in scan\.csv/.test(String(c.args.text)))).toHaveLength(1);
    const summary = replies.find((c) => /^Read scan\.csv/.test(String(c.args.text)));
    expect(JSON.stringify(summary?.args.blocks)).toContain('1 parked');
    expect(JSON.stringify(summary?.args.blocks)).toContain('99999');
    const cards = replies.filter((c) => /^Variance: /.test(String(c.args.text)));
    expect(cards.map((c) => String(c.args.text))).toEqual([
      'Variance: M6 x 50 bolts (BOLT-M6-50) at Fixings counted 432 vs 480 in the system (−48, −£16.80)',
    ]);
    expect(slack.callsTo('download').every((d) => d.token === 'xoxb-test')).toBe(true);

    const bolts = await h.store.counts.line(session.session_id, 'BOLT-M6-50');
    expect(bolts).toMatchObject({ counted: 432, state: 'material', gap_units: -48, variance_status: 'queued', card: { channel: 'C0FIX' } });
    expect(await h.store.counts.line(session.session_id, 'NUT-M6')).toMatchObject({ counted: 899, state: 'agreement' });
    expect(await h.store.counts.line(session.session_id, 'DRILL-18V')).toMatchObject({ counted: null, kind: 'not_counted' });

    // Only Fixings' approver may decide; anyone else is refused privately and audited.
    const value = JSON.stringify([session.session_id, 'BOLT-M6-50']);
    expect((await h.click('U0SAM', 'variance.approve', value, 'C0FIX', bolts!.card!.ts)).status).toBe(200);
    await h.runtime.queue.drain();
    expect(String(slack.last('chat.postEphemeral')?.args.text)).toMatch(/Only <@U0PRIYA> can approve/);
    expect((await h.store.inventory.get('Fixings', 'BOLT-M6-50'))?.quantity).toBe(480);

    expect((await h.click('U0PRIYA', 'variance.approve', value, 'C0FIX', bolts!.card!.ts)).status).toBe(200);
    await h.runtime.queue.drain();
    expect((await h.store.inventory.get('Fixings', 'BOLT-M6-50'))?.quantity).toBe(432);
    expect(JSON.stringify(slack.message('C0FIX', bolts!.card!.ts)?.blocks)).toContain('Approved by <@U0PRIYA>');

    // The drill nobody counted: confirmed as a true zero it becomes a material variance with its own card; rejected.
    const drill = JSON.stringify([session.session_id, 'DRILL-18V']);
    await h.click('U0SAM', 'count.confirm-zero', drill, 'C0FIX', session.ts!);
    await h.runtime.queue.drain();
    const drillLine = await h.store.counts.line(session.session_id, 'DRILL-18V');
    expect(drillLine).toMatchObject({ counted: 0, confirmed_zero: true, state: 'material', variance_status: 'queued' });
    await h.click('U0PRIYA', 'variance.reject', drill, 'C0FIX', drillLine!.card!.ts);
    await h.runtime.queue.drain();
    expect((await h.store.inventory.get('Fixings', 'DRILL-18V'))?.quantity).toBe(4);

    const ledger = await h.store.inventory.movementsSince('Fixings', 'BOLT-M6-50', '2026-01-01');
    expect(ledger.map((m) => [m.source, m.delta, m.quantity_after])).toEqual([
      ['sheet', 480, 480],
      ['count', -48, 432],
    ]);
    expect((await h.store.inventory.movementsSince('Fixings', 'DRILL-18V', '2026-01-01')).map((m) => m.source)).toEqual(['sheet']);
    expect((await h.store.audit.forSubject('Fixings#BOLT-M6-50')).map((a) => [a.action, a.by])).toEqual([
      ['refused', 'U0SAM'],
      ['count-adjusted', 'U0PRIYA'],
    ]);
    expect((await h.store.audit.forSubject('Fixings#DRILL-18V')).map((a) => [a.action, a.by])).toEqual([
      ['count-confirmed-zero', 'U0SAM'],
      ['count-rejected', 'U0PRIYA'],
    ]);
    expect(await h.store.counts.adjustmentsFor('Fixings', 'BOLT-M6-50')).toEqual([
      expect.objectContaining({ session_id: session.session_id, before: 480, after: 432, delta: -48, by: 'U0PRIYA', cause: bolts!.cause }),
    ]);
    expect(bolts!.cause).toMatch(/^(shrinkage|miscount|unrecorded_sale|receiving_error)$/);
    expect(await h.store.counts.adjustmentsFor('Fixings', 'DRILL-18V')).toEqual([]);
    expect(await h.store.counts.adjustmentsFor('Fixings', 'NUT-M6')).toEqual([]);
    expect((await h.store.inventory.get('Fixings', 'NUT-M6'))?.quantity).toBe(900);
  });

  it('a file outside any count thread gets a pointer, not silence; a PDF is refused plainly', async () => {
    const stray = slack.userUpload({ user: 'U0SAM', channel: 'C0FIX', name: 'scan.csv', bytes: Buffer.from('barcode\nX\n') });
    await h.deliver(stray.message);
    expect(String(slack.last('chat.postEphemeral')?.args.text)).toMatch(/not in a count's thread/);

    const session = await h.openFixingsCount();
    const pdf = slack.userUpload({
      user: 'U0SAM',
      channel: 'C0FIX',
      threadTs: session.ts!,
      name: 'count.pdf',
      bytes: Buffer.from('%PDF-1.4'),
    });
    await h.deliver(pdf.message);
    expect(String(slack.last('chat.postMessage')?.args.text)).toMatch(/needs Textract/);
  });

  it('a download that returns a web page instead of the file is an error in the thread, and nothing is counted', async () => {
    const session = await h.openFixingsCount();
    const html = slack.userUpload({
      user: 'U0SAM',
      channel: 'C0FIX',
      threadTs: session.ts!,
      name: 'count.xlsx',
      bytes: Buffer.from('PK'),
      servesHtml: true,
    });
    await h.deliver(html.message);
    await h.runtime.queue.drain();
    expect(String(slack.last('chat.postMessage')?.args.text)).toMatch(/web page instead of count\.xlsx/);
    expect((await h.store.counts.lines(session.session_id)).every((l) => l.counted === null)).toBe(true);
  });
});

describe("the location's approver is told", () => {
  const dmsToPriya = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0PRIYA');

  it('each card names the approver, and each summary (not each card) sends them one DM with the count', async () => {
    const session = await h.openFixingsCount();
    // Two material gaps (bolts 432 of 480, nuts 800 of 900) in one file: two cards, one DM.
    await h.upload(session, 'scan.csv', 'barcode,qty\n5012345678900,432\nNUT-M6,800\n');
    const bolts = (await h.store.counts.line(session.session_id, 'BOLT-M6-50'))!;
    expect(JSON.stringify(slack.message('C0FIX', bolts.card!.ts)?.blocks)).toContain('Waiting for <@U0PRIYA>, the approver for Fixings.');
    expect(dmsToPriya().map((c) => String(c.args.text))).toEqual([
      `2 variances wait for you in <#C0FIX> (count ${session.session_id}): Approve or Reject each card in the count's thread.`,
    ]);

    // The approver decides one; the next file's summary says how many still wait.
    await h.click('U0PRIYA', 'variance.reject', JSON.stringify([session.session_id, 'BOLT-M6-50']), 'C0FIX', bolts.card!.ts);
    await h.runtime.queue.drain();
    await h.upload(session, 'bin-2.csv', 'barcode,qty\nDRILL-18V,4\n');
    expect(dmsToPriya().map((c) => String(c.args.text).split(':')[0])).toEqual([
      `2 variances wait for you in <#C0FIX> (count ${session.session_id})`,
      `1 variance waits for you in <#C0FIX> (count ${session.session_id})`,
    ]);
  });

  it('a summary with nothing waiting sends no DM', async () => {
    const session = await h.openFixingsCount();
    await h.upload(session, 'scan.csv', 'barcode,qty\nNUT-M6,900\n');
    expect(dmsToPriya()).toEqual([]);
  });
});

describe('a count file counts whole or not at all', () => {
  const BIG = 300_000;
  const textSizes = (item: Record<string, unknown>) =>
    Object.values(item)
      .flatMap((v) =>
        typeof v === 'string' ? [v.length] : Array.isArray(v) ? v.filter((x) => typeof x === 'string').map((x) => x.length) : [],
      )
      .reduce((a, b) => Math.max(a, b), 0);

  it('a 300 KB cell is parked with its texts cut short, and the rest of the file is counted', async () => {
    const session = await h.openFixingsCount();
    const csv = `barcode,qty\n5012345678900,432\nNUT-M6,899\n${'7'.repeat(BIG)},3\nDRILL-18V,${'x'.repeat(BIG)}\n`;
    await h.upload(session, 'scan.csv', csv);

    expect(h.threadTexts(session).some((t) => /^Read scan\.csv/.test(t))).toBe(true);
    expect(await h.store.counts.line(session.session_id, 'BOLT-M6-50')).toMatchObject({ counted: 432, state: 'material' });
    expect(await h.store.counts.line(session.session_id, 'NUT-M6')).toMatchObject({ counted: 899 });
    const parked = await h.store.counts.parked(session.session_id);
    expect(parked.map((p) => p.row)).toEqual([4, 5]);
    for (const p of parked) expect(textSizes(p as unknown as Record<string, unknown>)).toBeLessThanOrEqual(500);
    expect(parked[0]).toMatchObject({ code: '', qty: '3' }); // a code longer than any barcode is never learned as an alias
    expect(parked[0]!.raw).toMatch(/^7{400,}…$/);
    expect(parked[1]!.qty).toMatch(/^x+…$/);
    expect(parked[1]!.reason).toMatch(/^quantity "x+…$/);
  });

  it('a write that fails part-way takes the whole file back out, and the uploader is told why in the thread', async () => {
    const session = await h.openFixingsCount();
    await h.upload(session, 'bin-1.csv', 'barcode,qty\nDRILL-18V,3\n');
    const send = h.store.dynamo.doc.send.bind(h.store.dynamo.doc);
    const spy = jest.spyOn(h.store.dynamo.doc, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof PutCommand && command.input.Item?.sk === 'LINE#NUT-M6')
        return Promise.reject(new Error('ProvisionedThroughputExceededException: the table is busy'));
      return send(command as never);
    }) as never);
    try {
      await h.upload(session, 'scan.csv', 'barcode,qty\n5012345678900,432\nNUT-M6,899\nDRILL-18V,1\n99999,3\n');
    } finally {
      spy.mockRestore();
    }

    const lines = await h.store.counts.lines(session.session_id);
    expect(lines.map((l) => [l.sku, l.counted, Object.keys(l.contributions ?? {}).length])).toEqual([
      ['BOLT-M6-50', null, 0],
      ['DRILL-18V', 3, 1], // what the earlier file counted stays
      ['NUT-M6', null, 0],
    ]);
    expect(await h.store.counts.parked(session.session_id)).toEqual([]);
    expect((await h.store.counts.meta(session.session_id))?.files).toHaveLength(1);
    expect(h.threadTexts(session).at(-1)).toMatch(
      /^I could not finish counting scan\.csv, so nothing from it was counted \(ProvisionedThroughputExceededException: the table is busy\)\./,
    );
    expect(h.threadTexts(session).some((t) => /^Read scan\.csv/.test(t))).toBe(false);

    // Uploaded again once the table is fine, the file counts whole.
    await h.upload(session, 'scan.csv', 'barcode,qty\n5012345678900,432\nNUT-M6,899\nDRILL-18V,1\n99999,3\n');
    expect((await h.store.counts.lines(session.session_id)).map((l) => [l.sku, l.counted])).toEqual([
      ['BOLT-M6-50', 432],
      ['DRILL-18V', 4],
      ['NUT-M6', 899],
    ]);
    expect(await h.store.counts.parked(session.session_id)).toHaveLength(1);
  });
});
