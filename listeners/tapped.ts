import type { BlockAction } from '@slack/bolt';

/** Where a note for whoever tapped goes: the channel they tapped in, in the thread when the message is in one. */
export const whereTapped = (body: BlockAction): { channel?: string; user: string; threadTs?: string } => ({
  ...(body.channel?.id ? { channel: body.channel.id } : {}),
  user: body.user.id,
  ...((body as { message?: { thread_ts?: string } }).message?.thread_ts
    ? { threadTs: (body as { message?: { thread_ts?: string } }).message!.thread_ts! }
    : {}),
});
