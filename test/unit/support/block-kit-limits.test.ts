import { blockKitProblems, LIMITS } from '../../support/block-kit-limits';

type Obj = Record<string, any>;
const x = (n: number) => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const button = (action_id: string, extra: Obj = {}) => ({ type: 'button', action_id, text: plain('Go'), value: 'v', ...extra });
const option = (value: string, text = value) => ({ text: plain(text), value });

const message = (blocks: Obj[], text = 'fallback') => blockKitProblems({ kind: 'message', blocks, text });
const modal = (view: Obj) =>
  blockKitProblems({
    kind: 'modal',
    view: { type: 'modal', title: plain('Title'), submit: plain('Send'), close: plain('Cancel'), blocks: [], ...view },
  });
const home = (blocks: Obj[]) => blockKitProblems({ kind: 'home', view: { type: 'home', blocks } });
const select = (extra: Obj = {}) => ({
  type: 'input',
  block_id: 'pick',
  label: plain('Pick'),
  element: { type: 'static_select', action_id: 'pick', options: [option('a'), option('b')], ...extra },
});

describe('blockKitProblems', () => {
  it('passes a surface within every limit, each limit exactly at its maximum', () => {
    expect(
      message([
        { type: 'section', block_id: x(255), text: md(x(3000)), fields: Array.from({ length: 10 }, () => md(x(2000))) },
        { type: 'header', text: plain(x(150)) },
        { type: 'context', elements: Array.from({ length: 10 }, () => md('c')) },
        {
          type: 'actions',
          elements: Array.from({ length: 25 }, (_, i) => button(`${i}`, { text: plain(x(75)), value: x(2000), url: x(3000) })),
        },
        { type: 'divider' },
      ]),
    ).toEqual([]);
    expect(
      message(
        Array.from({ length: 50 }, () => ({ type: 'divider' })),
        x(40000),
      ),
    ).toEqual([]);
    expect(
      modal({
        title: plain(x(24)),
        submit: plain(x(24)),
        close: plain(x(24)),
        private_metadata: x(3000),
        callback_id: x(255),
        blocks: [
          select({ placeholder: plain(x(150)), options: Array.from({ length: 100 }, (_, i) => option(`${i}${x(140)}`, x(75))) }),
          {
            type: 'input',
            label: plain('Note'),
            element: { type: 'plain_text_input', action_id: 'n', initial_value: x(3000), placeholder: plain(x(150)) },
          },
          ...Array.from({ length: 98 }, () => ({ type: 'divider' })),
        ],
      }),
    ).toEqual([]);
    expect(home(Array.from({ length: 100 }, () => ({ type: 'divider' })))).toEqual([]);
  });

  describe('counts', () => {
    it('50 blocks per message, 100 per modal or home', () => {
      const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
      expect(message(dividers(51))).toEqual(['blocks: 51 blocks > 50']);
      expect(modal({ blocks: dividers(101) })).toEqual(['blocks: 101 blocks > 100']);
      expect(home(dividers(101))).toEqual(['blocks: 101 blocks > 100']);
    });

    it('10 fields per section, 10 context elements, 25 actions elements, 100 options', () => {
      expect(message([{ type: 'section', fields: Array.from({ length: 11 }, () => md('f')) }])).toEqual([
        'blocks[0].fields: 11 fields > 10',
      ]);
      expect(message([{ type: 'context', elements: Array.from({ length: 11 }, () => md('c')) }])).toEqual([
        'blocks[0].elements: 11 elements > 10',
      ]);
      expect(message([{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }])).toEqual([
        'blocks[0].elements: 26 elements > 25',
      ]);
      expect(modal({ blocks: [select({ options: Array.from({ length: 101 }, (_, i) => option(`${i}`)) })] })).toEqual([
        'blocks[0].element.options: 101 options > 100',
      ]);
    });
  });

  describe('lengths', () => {
    it.each([
      ['section text', { type: 'section', text: md(x(3001)) }, 'blocks[0].text: 3001 chars > 3000'],
      ['section field', { type: 'section', fields: [md('ok'), md(x(2001))] }, 'blocks[0].fields[1]: 2001 chars > 2000'],
      ['header', { type: 'header', text: plain(x(151)) }, 'blocks[0].text: 151 chars > 150'],
      ['context text', { type: 'context', elements: [md(x(3001))] }, 'blocks[0].elements[0]: 3001 chars > 3000'],
      ['block_id', { type: 'divider', block_id: x(256) }, 'blocks[0].block_id: 256 chars > 255'],
      ['button text', { type: 'actions', elements: [button('a', { text: plain(x(76)) })] }, 'blocks[0].elements[0].text: 76 chars > 75'],
      ['action_id', { type: 'actions', elements: [button(x(256))] }, 'blocks[0].elements[0].action_id: 256 chars > 255'],
      ['button value', { type: 'actions', elements: [button('a', { value: x(2001) })] }, 'blocks[0].elements[0].value: 2001 chars > 2000'],
      ['button url', { type: 'actions', elements: [button('a', { url: x(3001) })] }, 'blocks[0].elements[0].url: 3001 chars > 3000'],
      [
        'section accessory',
        { type: 'section', text: md('t'), accessory: button('a', { text: plain(x(80)) }) },
        'blocks[0].accessory.text: 80 chars > 75',
      ],
    ])('%s', (_, block, problem) => expect(message([block])).toEqual([problem]));

    it('message text: non-empty, at most 40,000', () => {
      expect(message([], '')).toEqual(['text: the notification fallback is empty']);
      expect(message([], '   ')).toEqual(['text: the notification fallback is empty']);
      expect(blockKitProblems({ kind: 'message', blocks: [], text: undefined })).toEqual(['text: the notification fallback is empty']);
      expect(message([], x(40001))).toEqual(['text: 40001 chars > 40000']);
    });

    it.each([
      ['title', { title: plain(x(25)) }, 'title: 25 chars > 24'],
      ['submit', { submit: plain(x(25)) }, 'submit: 25 chars > 24'],
      ['close', { close: plain(x(25)) }, 'close: 25 chars > 24'],
      ['private_metadata', { private_metadata: x(3001) }, 'private_metadata: 3001 chars > 3000'],
      ['callback_id', { callback_id: x(256) }, 'callback_id: 256 chars > 255'],
      ['missing title', { title: undefined }, 'title: a modal needs a title'],
      ['input without submit', { submit: undefined, blocks: [select()] }, 'submit: a modal with input blocks needs a submit button'],
    ])('modal %s', (_, view, problem) => expect(modal(view)).toEqual([problem]));

    it.each([
      ['option text', select({ options: [option('a', x(76))] }), 'blocks[0].element.options[0].text: 76 chars > 75'],
      ['option value', select({ options: [option('a'), option(x(151), 'long')] }), 'blocks[0].element.options[1].value: 151 chars > 150'],
      ['placeholder', select({ placeholder: plain(x(151)) }), 'blocks[0].element.placeholder: 151 chars > 150'],
      ['no options', select({ options: [] }), 'blocks[0].element.options: a select needs options'],
      ['initial option not offered', select({ initial_option: option('z') }), 'blocks[0].element.initial_option: not one of the options'],
      ['input label', { ...select(), label: plain(x(2001)) }, 'blocks[0].label: 2001 chars > 2000'],
      ['input hint', { ...select(), hint: plain(x(2001)) }, 'blocks[0].hint: 2001 chars > 2000'],
      [
        'text input initial value over its max_length',
        { type: 'input', label: plain('Q'), element: { type: 'plain_text_input', action_id: 'q', max_length: 5, initial_value: '123456' } },
        'blocks[0].element.initial_value: 6 chars > 5',
      ],
      [
        'text input max_length',
        { type: 'input', label: plain('Q'), element: { type: 'plain_text_input', action_id: 'q', max_length: 3001 } },
        'blocks[0].element.max_length: 3001 > 3000',
      ],
      [
        'text input placeholder',
        { type: 'input', label: plain('Q'), element: { type: 'plain_text_input', action_id: 'q', placeholder: plain(x(151)) } },
        'blocks[0].element.placeholder: 151 chars > 150',
      ],
    ])('modal input: %s', (_, block, problem) => expect(modal({ blocks: [block] })).toEqual([problem]));
  });

  describe('shape', () => {
    it('duplicate action ids within a block, but not across blocks', () => {
      expect(message([{ type: 'actions', elements: [button('same'), button('same')] }])).toEqual([
        'blocks[0].elements[1].action_id: "same" already used by blocks[0].elements[0] in this block',
      ]);
      expect(
        message([
          { type: 'actions', elements: [button('same')] },
          { type: 'actions', elements: [button('same')] },
        ]),
      ).toEqual([]);
    });

    it('duplicate block ids within a surface', () => {
      expect(message([{ type: 'divider', block_id: 'b' }, { type: 'divider' }, { type: 'divider', block_id: 'b' }])).toEqual([
        'blocks[2].block_id: "b" already used by blocks[0]',
      ]);
    });

    it('empty texts, sections with nothing, headers in mrkdwn, a view checked as the wrong kind', () => {
      expect(message([{ type: 'section' }])).toEqual(['blocks[0]: a section needs text or fields']);
      expect(message([{ type: 'section', text: md('') }])).toEqual(['blocks[0].text: empty text']);
      expect(message([{ type: 'header', text: md('Hi') }])).toEqual(['blocks[0].text: a header takes plain_text']);
      expect(blockKitProblems({ kind: 'home', view: { type: 'modal', blocks: [] } })).toEqual(['type: "modal" but checked as a home']);
      expect(message(['not a block' as never])).toEqual(['blocks[0]: not a block']);
    });

    it('reports every problem, not just the first', () => {
      expect(message([{ type: 'section', text: md(x(3001)), fields: Array.from({ length: 11 }, () => md(x(2001))) }], '')).toHaveLength(
        1 + 1 + 1 + 11,
      );
    });
  });

  it('exposes the limits it checks', () => {
    expect(LIMITS).toMatchObject({
      messageBlocks: 50,
      viewBlocks: 100,
      sectionText: 3000,
      buttonValue: 2000,
      optionValue: 150,
      viewTitle: 24,
    });
  });
});
