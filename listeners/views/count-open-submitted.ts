import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../src/services/services';
import { COUNT_BLOCK, COUNT_INPUT } from '../../views/ids';
import { formAck } from './form-ack';

/** The /count modal's "Open count". */
export const countOpenSubmitted =
  (s: Services) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const values = view.state.values;
    const form = {
      location: values[COUNT_BLOCK.location]?.[COUNT_INPUT.location]?.selected_option?.value ?? null,
      categories: (values[COUNT_BLOCK.categories]?.[COUNT_INPUT.categories]?.selected_options ?? []).map((o) => o.value),
      counter: values[COUNT_BLOCK.counter]?.[COUNT_INPUT.counter]?.selected_user ?? null,
      fallbackChannel: view.private_metadata || null,
    };
    await formAck(ack, await s.counts.submitOpen(form, body.user.id));
  };
