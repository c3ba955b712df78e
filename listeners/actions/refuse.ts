import type { WebClient } from '@slack/web-api';
import type { Rules } from '../../src/domain/types';

/** Tells a non-owner, privately, why nothing happened. */
export async function refuseNonOwner(client: WebClient, channel: string | undefined, user: string, rules: Rules): Promise<void> {
  const who = rules.owner ? `<@${rules.owner}>` : 'the owner named in the rules doc (no owner is set yet)';
  const text = `Only ${who} can approve, edit or skip purchase orders. Nothing was changed.`;
  if (channel) await client.chat.postEphemeral({ channel, user, text });
}
