import { poDraftText } from '../../../views/po-draft-text';
import type { DraftNotifier } from './index';

/** The offline default: prints each draft as text. */
export function consoleNotifier(write: (text: string) => void): DraftNotifier {
  return {
    draftCreated: async (order, rules) => write(`${poDraftText(order.draft, rules.currency)}\n`),
    draftResurfaced: async (order, rules) =>
      write(`Still waiting for a decision since ${order.draft_date}:\n${poDraftText(order.draft, rules.currency)}\n`),
  };
}
