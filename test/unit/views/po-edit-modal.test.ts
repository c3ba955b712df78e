import type { DraftOrder } from '../../../src/domain/draft-order';
import type { Rules, StockItem } from '../../../src/domain/types';
import { EDIT_BLOCK, EDIT_INPUT, VIEW, decodeOrderRef } from '../../../views/ids';
import { poEditModal, quantityHint, readEditSubmission } from '../../../views/po-edit-modal';
import { blockKitProblems } from '../../support/block-kit-limits';
import { book, draftFor, orderRecord, rules, supplier } from '../../support/builders';

const suppliers = book(supplier(), supplier({ name: 'Speedy Beans', email: 'hello@speedy.example', packSize: 6, minimumOrder: null }));

const draft = (overrides: Partial<StockItem> = {}, r: Rules = rules({ backupSuppliers: { 'bean-hb': 'Speedy Beans' } })): DraftOrder =>
  draftFor(overrides, { rules: r, suppliers });

const record = orderRecord;

const seed = () => record(draft({ targetLevel: 178 }));
const OPTS = { currency: 'GBP', backupSupplier: 'Speedy Beans', suppliers: ['Bayside Roasters', 'Speedy Beans', 'Acme Wholesale'] };

type Obj = Record<string, any>;
const block = (view: Obj, id: string): Obj | undefined => view.blocks.find((b: Obj) => b.block_id === id);

describe('the Edit modal', () => {
  it('is the Edit submission view, carrying the order ref, titled within Slack limits', () => {
    const view = poEditModal(seed(), OPTS) as Obj;
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: VIEW.editPo,
      title: { type: 'plain_text', text: 'Edit purchase order' },
      submit: { type: 'plain_text', text: 'Approve & send' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    expect(decodeOrderRef(view.private_metadata)).toEqual({ itemKey: 'main#BEAN-HB', orderId: '2026-11-23' });
    expect(view.blocks[0].text.text).toBe('*House Blend beans* (BEAN-HB) at main\nDrafted: 120 × £4.20 = £504.00 from Bayside Roasters');
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
  });

  it('pre-fills the quantity, with pack size, minimum and cap as a hint', () => {
    const qty = block(poEditModal(seed(), OPTS), EDIT_BLOCK.qty)!;
    expect(qty.element).toMatchObject({ type: 'plain_text_input', action_id: EDIT_INPUT.qty, initial_value: '120' });
    expect(qty.hint.text).toBe(
      "Whole packs of 12, minimum 24, at most 492 for Bayside Roasters; another supplier's own pack size and minimum apply if you switch.",
    );
  });

  it('hints only the gates that apply', () => {
    expect(quantityHint({ packSize: 1, minimumOrder: null, orderCap: null }, null)).toBe('Any whole number.');
    expect(quantityHint({ packSize: 12, minimumOrder: 30, orderCap: 5 }, null)).toBe('Whole packs of 12, minimum 36, at most 12.');
  });

  it('selects the resolved supplier and offers the faster backup, labelled', () => {
    const select = block(poEditModal(seed(), OPTS), EDIT_BLOCK.supplier)!;
    expect(select.optional).toBe(false);
    expect(select.element.action_id).toBe(EDIT_INPUT.supplier);
    expect(select.element.type).toBe('static_select');
    expect(select.element.options.map((o: Obj) => [o.text.text, o.value])).toEqual([
      ['Bayside Roasters', 'Bayside Roasters'],
      ['Speedy Beans (faster backup)', 'Speedy Beans'],
      ['Acme Wholesale', 'Acme Wholesale'],
    ]);
    expect(select.element.initial_option).toEqual({ text: { type: 'plain_text', text: 'Bayside Roasters' }, value: 'Bayside Roasters' });
  });

  it('has an optional multiline note, pre-filled with any note already on the order', () => {
    const note = block(poEditModal(seed(), OPTS), EDIT_BLOCK.note)!;
    expect(note).toMatchObject({ optional: true, element: { type: 'plain_text_input', action_id: EDIT_INPUT.note, multiline: true } });
    expect(note.element.initial_value).toBeUndefined();
    expect(
      block(poEditModal(record(draft({ targetLevel: 178 }), { note: 'Rear door' }), OPTS), EDIT_BLOCK.note)!.element.initial_value,
    ).toBe('Rear door');
  });

  it('keeps to 100 options, and leaves out names too long to be an option value', () => {
    const many = Array.from({ length: 250 }, (_, i) => `Supplier ${i}`);
    const tooLong = 'L'.repeat(151);
    const view = poEditModal(seed(), { ...OPTS, suppliers: [tooLong, ...many] }) as Obj;
    const options = block(view, EDIT_BLOCK.supplier)!.element.options as Obj[];
    expect(options).toHaveLength(100);
    expect(options.slice(0, 2).map((o) => o.value)).toEqual(['Bayside Roasters', 'Speedy Beans']);
    expect(options.map((o) => o.value)).not.toContain(tooLong);
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
  });

  it('an order with no supplier gets a select without a pre-selected option', () => {
    const view = poEditModal(record(draft({ supplier: null, category: null })), { currency: 'GBP', suppliers: ['Acme Wholesale'] }) as Obj;
    const select = block(view, EDIT_BLOCK.supplier)!;
    expect(select.element.initial_option).toBeUndefined();
    expect(select.optional).toBe(false);
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
  });

  it('with nothing to choose from, says so instead of an empty select', () => {
    const view = poEditModal(record(draft({ supplier: null, category: null })), { currency: 'GBP', suppliers: [] }) as Obj;
    expect(block(view, EDIT_BLOCK.supplier)).toBeUndefined();
    expect(JSON.stringify(view)).toContain('No supplier to choose from');
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
  });

  it('pathological names still fit Slack', () => {
    const longName = `${'&'.repeat(160)} Roasters`;
    const d = {
      ...draft({ name: '<'.repeat(300), sku: 'S'.repeat(300), location: 'L'.repeat(300), targetLevel: 178 }),
      supplier: longName,
    };
    const view = poEditModal(record(d, { supplier: longName, note: 'n'.repeat(5000) }), {
      currency: 'GBP',
      backupSupplier: `${'B'.repeat(140)}`,
      suppliers: Array.from({ length: 500 }, (_, i) => `${'x'.repeat(140)}${i}`),
    }) as Obj;
    expect(blockKitProblems({ kind: 'modal', view })).toEqual([]);
    // The current supplier cannot be an option: leaving the select empty keeps it.
    const select = block(view, EDIT_BLOCK.supplier)!;
    expect(select.optional).toBe(true);
    expect(select.hint.text).toMatch(/^Leave empty to keep &+/);
    expect(select.element.options[0].text.text).toBe(`${'B'.repeat(58)}… (faster backup)`);
    expect(select.element.options[0].text.text).toHaveLength(75);
  });
});

describe('readEditSubmission', () => {
  const values = (qty: unknown, supplierValue: unknown, note: unknown) => ({
    [EDIT_BLOCK.qty]: { [EDIT_INPUT.qty]: { type: 'plain_text_input', value: qty } },
    [EDIT_BLOCK.supplier]: {
      [EDIT_INPUT.supplier]: { type: 'static_select', selected_option: supplierValue === undefined ? null : { value: supplierValue } },
    },
    [EDIT_BLOCK.note]: { [EDIT_INPUT.note]: { type: 'plain_text_input', value: note } },
  });

  it('reads quantity, supplier and note', () => {
    expect(readEditSubmission(values(' 144 ', 'Speedy Beans', 'Rear door\n'))).toEqual({
      qty: '144',
      supplier: 'Speedy Beans',
      note: 'Rear door',
    });
  });

  it('is tolerant: missing, empty or odd fields come back empty', () => {
    const empty = { qty: '', supplier: null, note: '' };
    expect(readEditSubmission({})).toEqual(empty);
    expect(readEditSubmission(undefined)).toEqual(empty);
    expect(readEditSubmission(null)).toEqual(empty);
    expect(readEditSubmission('garbage')).toEqual(empty);
    expect(readEditSubmission({ [EDIT_BLOCK.qty]: null, [EDIT_BLOCK.supplier]: 'x', [EDIT_BLOCK.note]: { [EDIT_INPUT.note]: 7 } })).toEqual(
      empty,
    );
    expect(readEditSubmission(values(null, undefined, null))).toEqual(empty);
    expect(readEditSubmission(values(120, '  ', undefined))).toEqual(empty);
  });

  it('reads back what the modal offers (same block and action ids)', () => {
    const view = poEditModal(seed(), OPTS) as Obj;
    const state: Obj = {};
    for (const b of view.blocks.filter((x: Obj) => x.type === 'input')) {
      const e = b.element;
      state[b.block_id] = {
        [e.action_id]: e.type === 'static_select' ? { selected_option: e.initial_option } : { value: e.initial_value ?? null },
      };
    }
    expect(readEditSubmission(state)).toEqual({ qty: '120', supplier: 'Bayside Roasters', note: '' });
  });
});
