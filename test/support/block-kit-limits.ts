/**
 * Slack's documented Block Kit limits (docs.slack.dev/reference/block-kit: blocks, block elements, composition
 * objects, views; chat.postMessage for the `text` fallback), checked on every message and view the app builds.
 * Slack answers `invalid_blocks` for any of these, and a draft that never reaches the owner is a silent failure.
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  buttonUrl: 3000,
  blockId: 255,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  textInputLength: 3000,
} as const;

export type Surface =
  | { kind: 'message'; blocks: readonly unknown[] | undefined; text: string | undefined }
  | { kind: 'modal' | 'home'; view: unknown };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
/** The text of a text object (`{type, text}`), or undefined when there is none. */
const textOf = (x: unknown): string | undefined => (isObj(x) ? str(x.text) : undefined);

/**
 * Every limit the surface breaks, as `path: what > limit` (e.g. `blocks[3].text: 3120 chars > 3000`); [] when it
 * is fine to send. Also catches the mistakes Slack rejects that are not lengths: an empty fallback text, an empty
 * section, duplicate block ids in a surface, duplicate action ids in a block, an initial option not among the options.
 */
export function blockKitProblems(surface: Surface): string[] {
  const problems: string[] = [];
  const chars = (path: string, value: string | undefined, limit: number) => {
    if (value !== undefined && value.length > limit) problems.push(`${path}: ${value.length} chars > ${limit}`);
  };
  const items = (path: string, list: readonly unknown[], limit: number, noun = 'items') => {
    if (list.length > limit) problems.push(`${path}: ${list.length} ${noun} > ${limit}`);
  };
  const nonEmpty = (path: string, text: string | undefined) => {
    if (text !== undefined && text.length === 0) problems.push(`${path}: empty text`);
  };

  let blocks: readonly unknown[];
  if (surface.kind === 'message') {
    blocks = surface.blocks ?? [];
    items('blocks', blocks, LIMITS.messageBlocks, 'blocks');
    if (!surface.text || surface.text.trim() === '') problems.push('text: the notification fallback is empty');
    chars('text', surface.text, LIMITS.messageText);
  } else {
    const view = isObj(surface.view) ? surface.view : {};
    if (view.type !== surface.kind) problems.push(`type: "${String(view.type)}" but checked as a ${surface.kind}`);
    blocks = arr(view.blocks);
    items('blocks', blocks, LIMITS.viewBlocks, 'blocks');
    if (surface.kind === 'modal') {
      if (textOf(view.title) === undefined) problems.push('title: a modal needs a title');
      chars('title', textOf(view.title), LIMITS.viewTitle);
      chars('submit', textOf(view.submit), LIMITS.viewSubmit);
      chars('close', textOf(view.close), LIMITS.viewClose);
      if (view.submit === undefined && blocks.some((b) => isObj(b) && b.type === 'input')) {
        problems.push('submit: a modal with input blocks needs a submit button');
      }
    }
    chars('private_metadata', str(view.private_metadata), LIMITS.privateMetadata);
    chars('callback_id', str(view.callback_id), LIMITS.callbackId);
    chars('external_id', str(view.external_id), LIMITS.externalId);
  }

  const blockIds = new Map<string, number>();
  blocks.forEach((raw, i) => {
    const at = `blocks[${i}]`;
    if (!isObj(raw)) {
      problems.push(`${at}: not a block`);
      return;
    }
    const b = raw;
    const blockId = str(b.block_id);
    if (blockId !== undefined) {
      chars(`${at}.block_id`, blockId, LIMITS.blockId);
      const first = blockIds.get(blockId);
      if (first !== undefined) problems.push(`${at}.block_id: "${blockId}" already used by blocks[${first}]`);
      else blockIds.set(blockId, i);
    }

    const elements: { path: string; element: Obj }[] = [];
    switch (b.type) {
      case 'section': {
        const fields = arr(b.fields);
        if (textOf(b.text) === undefined && fields.length === 0) problems.push(`${at}: a section needs text or fields`);
        nonEmpty(`${at}.text`, textOf(b.text));
        chars(`${at}.text`, textOf(b.text), LIMITS.sectionText);
        items(`${at}.fields`, fields, LIMITS.sectionFields, 'fields');
        fields.forEach((f, j) => {
          nonEmpty(`${at}.fields[${j}]`, textOf(f));
          chars(`${at}.fields[${j}]`, textOf(f), LIMITS.fieldText);
        });
        if (isObj(b.accessory)) elements.push({ path: `${at}.accessory`, element: b.accessory });
        break;
      }
      case 'header':
        if (isObj(b.text) && b.text.type !== 'plain_text') problems.push(`${at}.text: a header takes plain_text`);
        nonEmpty(`${at}.text`, textOf(b.text));
        chars(`${at}.text`, textOf(b.text), LIMITS.headerText);
        break;
      case 'context': {
        const list = arr(b.elements);
        items(`${at}.elements`, list, LIMITS.contextElements, 'elements');
        list.forEach((e, j) => {
          nonEmpty(`${at}.elements[${j}]`, textOf(e));
          chars(`${at}.elements[${j}]`, textOf(e), LIMITS.contextText);
        });
        break;
      }
      case 'actions': {
        const list = arr(b.elements);
        items(`${at}.elements`, list, LIMITS.actionsElements, 'elements');
        list.forEach((e, j) => {
          if (isObj(e)) elements.push({ path: `${at}.elements[${j}]`, element: e });
        });
        break;
      }
      case 'input':
        chars(`${at}.label`, textOf(b.label), LIMITS.inputLabel);
        chars(`${at}.hint`, textOf(b.hint), LIMITS.inputHint);
        if (isObj(b.element)) elements.push({ path: `${at}.element`, element: b.element });
        break;
    }

    const actionIds = new Map<string, string>();
    for (const { path, element: e } of elements) {
      const actionId = str(e.action_id);
      if (actionId !== undefined) {
        chars(`${path}.action_id`, actionId, LIMITS.actionId);
        const first = actionIds.get(actionId);
        if (first !== undefined) problems.push(`${path}.action_id: "${actionId}" already used by ${first} in this block`);
        else actionIds.set(actionId, path);
      }
      chars(`${path}.placeholder`, textOf(e.placeholder), LIMITS.placeholder);
      if (e.type === 'button') {
        nonEmpty(`${path}.text`, textOf(e.text));
        chars(`${path}.text`, textOf(e.text), LIMITS.buttonText);
        chars(`${path}.value`, str(e.value), LIMITS.buttonValue);
        chars(`${path}.url`, str(e.url), LIMITS.buttonUrl);
        // A confirmation dialog: title 100, text 300, its two buttons 30 characters each, all plain text but the text.
        if (isObj(e.confirm)) {
          const c = e.confirm;
          for (const [field, max] of [
            ['title', 100],
            ['text', 300],
            ['confirm', 30],
            ['deny', 30],
          ] as const) {
            nonEmpty(`${path}.confirm.${field}`, textOf(c[field]));
            chars(`${path}.confirm.${field}`, textOf(c[field]), max);
          }
        }
      }
      if (e.type === 'plain_text_input') {
        const max = typeof e.max_length === 'number' ? e.max_length : LIMITS.textInputLength;
        if (max > LIMITS.textInputLength) problems.push(`${path}.max_length: ${max} > ${LIMITS.textInputLength}`);
        chars(`${path}.initial_value`, str(e.initial_value), Math.min(max, LIMITS.textInputLength));
      }
      if (
        e.type === 'static_select' ||
        e.type === 'multi_static_select' ||
        e.type === 'overflow' ||
        e.type === 'radio_buttons' ||
        e.type === 'checkboxes'
      ) {
        const options = arr(e.options);
        const groups = arr(e.option_groups);
        items(`${path}.options`, options, LIMITS.selectOptions, 'options');
        items(`${path}.option_groups`, groups, LIMITS.selectOptions, 'groups');
        if (e.type.endsWith('static_select') && options.length === 0 && groups.length === 0)
          problems.push(`${path}.options: a select needs options`);
        const all = [...options.map((o, k) => ({ o, p: `${path}.options[${k}]` }))];
        groups.forEach((g, gi) => {
          arr(isObj(g) ? g.options : undefined).forEach((o, k) => {
            all.push({ o, p: `${path}.option_groups[${gi}].options[${k}]` });
          });
        });
        for (const { o, p } of all) {
          nonEmpty(`${p}.text`, textOf(isObj(o) ? o.text : undefined));
          chars(`${p}.text`, textOf(isObj(o) ? o.text : undefined), LIMITS.optionText);
          chars(`${p}.value`, isObj(o) ? str(o.value) : undefined, LIMITS.optionValue);
        }
        if (isObj(e.initial_option)) {
          const wanted = JSON.stringify(e.initial_option);
          if (!all.some(({ o }) => JSON.stringify(o) === wanted)) problems.push(`${path}.initial_option: not one of the options`);
        }
      }
    }
  });
  return problems;
}
