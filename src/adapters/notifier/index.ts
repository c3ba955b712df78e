import type { Rules } from '../../domain/types';
import type { OrderRecord } from '../../store/orders';

/** Where new and re-surfaced drafts go: the owner's Slack DM (issue 3), email, or the terminal. */
export interface DraftNotifier {
  draftCreated(order: OrderRecord, rules: Rules): Promise<void>;
  /** An urgent draft still pending: put it in front of the owner again. */
  draftResurfaced(order: OrderRecord, rules: Rules): Promise<void>;
}
