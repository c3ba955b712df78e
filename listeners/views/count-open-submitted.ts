import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/app';
import { COUNT_BLOCK, COUNT_INPUT } from '../../views/ids';

/**
 * The /count modal's "Open count". A location with a count already open keeps the modal up with a pointer to that
 * count; otherwise the modal closes and the worker opens the session (snapshot, message, sheet), then says where.
 */
export const countOpenSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const values = view.state.values;
    const location = values[COUNT_BLOCK.location]?.[COUNT_INPUT.location]?.selected_option?.value;
    if (!location) return ack({ response_action: 'errors', errors: { [COUNT_BLOCK.location]: 'Choose a location.' } });
    const open = await s.store.counts.openFor(location);
    if (open) {
      const meta = await s.store.counts.meta(open);
      const where = meta?.channel ? ` in <#${meta.channel}>` : '';
      return ack({
        response_action: 'errors',
        errors: { [COUNT_BLOCK.location]: `Count ${open} is already open here${where}. Upload into its thread, or close it first.` },
      });
    }
    await ack();
    const categories = (values[COUNT_BLOCK.categories]?.[COUNT_INPUT.categories]?.selected_options ?? []).map((o) => o.value);
    const counter = values[COUNT_BLOCK.counter]?.[COUNT_INPUT.counter]?.selected_user ?? body.user.id;
    await s.queue.enqueue({
      kind: 'open-count',
      location,
      categories: categories.length > 0 ? categories : null,
      counter,
      by: body.user.id,
      fallbackChannel: view.private_metadata || null,
    });
  };
