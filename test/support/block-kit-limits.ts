// Slack's documented Block Kit limits, checked on every message and view the app builds.
type Json = Record<string, unknown>;

const LIMITS = { sectionText: 3000, field: 2000, fields: 10, header: 150, context: 10, actions: 25, buttonText: 75, actionId: 255, value: 2000, blockId: 255, options: 100, optionText: 75, optionValue: 150 };

function textOf(o: unknown): string {
  return typeof o === 'object' && o !== null && typeof (o as Json).text === 'string' ? ((o as Json).text as string) : '';
}

export function blockKitProblems(surface: { kind: 'message'; blocks: unknown[]; text: string } | { kind: 'modal' | 'home'; view: Json }): string[] {
  const problems: string[] = [];
  const max = (path: string, length: number, limit: number) => length > limit && problems.push(`${path}: ${length} > ${limit}`);
  const blocks = (surface.kind === 'message' ? surface.blocks : (surface.view.blocks as unknown[])) ?? [];
  max('blocks', blocks.length, surface.kind === 'message' ? 50 : 100);
  if (surface.kind === 'message') {
    if (!surface.text) problems.push('text: the notification fallback is empty');
    max('text', surface.text.length, 40000);
  } else {
    const v = surface.view;
    max('title', textOf(v.title).length, 24);
    if (v.submit) max('submit', textOf(v.submit).length, 24);
    if (v.close) max('close', textOf(v.close).length, 24);
    if (typeof v.private_metadata === 'string') max('private_metadata', v.private_metadata.length, 3000);
  }
  const blockIds = new Set<string>();
  blocks.forEach((raw, i) => {
    const b = raw as Json;
    const at = `blocks[${i}]`;
    if (typeof b.block_id === 'string') {
      max(`${at}.block_id`, b.block_id.length, LIMITS.blockId);
      if (blockIds.has(b.block_id)) problems.push(`${at}.block_id: duplicate "${b.block_id}"`);
      blockIds.add(b.block_id);
    }
    if (b.type === 'section') {
      max(`${at}.text`, textOf(b.text).length, LIMITS.sectionText);
      const fields = (b.fields as unknown[] | undefined) ?? [];
      max(`${at}.fields`, fields.length, LIMITS.fields);
      fields.forEach((f, j) => max(`${at}.fields[${j}]`, textOf(f).length, LIMITS.field));
    }
    if (b.type === 'header') max(`${at}.text`, textOf(b.text).length, LIMITS.header);
    if (b.type === 'context') max(`${at}.elements`, ((b.elements as unknown[]) ?? []).length, LIMITS.context);
    const elements = b.type === 'actions' ? ((b.elements as Json[]) ?? []) : b.element ? [b.element as Json] : [];
    if (b.type === 'actions') max(`${at}.elements`, elements.length, LIMITS.actions);
    const actionIds = new Set<string>();
    elements.forEach((e, j) => {
      const ep = `${at}.elements[${j}]`;
      if (typeof e.action_id === 'string') {
        max(`${ep}.action_id`, e.action_id.length, LIMITS.actionId);
        if (actionIds.has(e.action_id)) problems.push(`${ep}.action_id: duplicate "${e.action_id}"`);
        actionIds.add(e.action_id);
      }
      if (e.type === 'button') {
        max(`${ep}.text`, textOf(e.text).length, LIMITS.buttonText);
        if (typeof e.value === 'string') max(`${ep}.value`, e.value.length, LIMITS.value);
      }
      const options = (e.options as Json[] | undefined) ?? [];
      max(`${ep}.options`, options.length, LIMITS.options);
      options.forEach((o, k) => {
        max(`${ep}.options[${k}].text`, textOf(o.text).length, LIMITS.optionText);
        max(`${ep}.options[${k}].value`, String(o.value ?? '').length, LIMITS.optionValue);
      });
    });
  });
  return problems;
}
