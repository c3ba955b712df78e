import type { KnownBlock } from '@slack/types';

/** Back from mrkdwn to what a person reads: entities decoded, mentions shown as @id, channels as #id. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)(\|[^>]*)?>/g, '#$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type Element = { type?: string; text?: string | { text?: string } };
const textOf = (e: Element): string => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''));
const buttonText = (e: Element) => `[${textOf(e)}]`;

/**
 * A message's blocks as plain text, for the terminal (`stockbot count …`, the demo): the same views Slack gets, so
 * the offline run shows exactly what people would see, buttons as [Approve].
 */
export function blocksToText(message: { text: string; blocks?: KnownBlock[] }): string {
  if (!message.blocks || message.blocks.length === 0) return mrkdwnToText(message.text);
  const lines: string[] = [];
  for (const block of message.blocks as unknown as Array<{
    type: string;
    text?: { text?: string };
    fields?: Element[];
    elements?: Element[];
    accessory?: Element;
  }>) {
    if (block.type === 'section') {
      const accessory = block.accessory?.type === 'button' ? `  ${buttonText(block.accessory)}` : '';
      if (block.text?.text) lines.push(`${block.text.text}${accessory}`);
      if (block.fields?.length) lines.push(block.fields.map((f) => textOf(f).replace(/\n/g, ' ')).join(' · '));
    } else if (block.type === 'context') {
      lines.push((block.elements ?? []).map(textOf).join(' '));
    } else if (block.type === 'actions') {
      lines.push((block.elements ?? []).map(buttonText).join(' '));
    } else if (block.type === 'header') {
      lines.push(block.text?.text ?? '');
    }
  }
  return mrkdwnToText(lines.join('\n'));
}
