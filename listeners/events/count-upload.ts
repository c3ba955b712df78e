import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/services/services';

/**
 * A file posted in a channel (`message` with subtype `file_share`, which carries the thread). The same upload also
 * raises `file_shared`; the service handles each file once, whichever arrives first.
 */
export const fileShareMessage =
  (s: Services) =>
  async ({ event, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (event.subtype !== 'file_share') return;
    const files = (event as { files?: { id: string; name?: string; size?: number; user?: string }[] }).files ?? [];
    const threadTs = (event as { thread_ts?: string }).thread_ts ?? null;
    for (const file of files) {
      const user = event.user ?? file.user ?? '';
      await s.counts.upload(
        { fileId: file.id, name: file.name ?? file.id, size: file.size ?? 0, user, channel: event.channel, threadTs },
        context.botUserId,
      );
    }
  };

/** `file_shared` has no thread: the service asks Slack where the file went. */
export const fileShared =
  (s: Services) =>
  async ({ event, context }: SlackEventMiddlewareArgs<'file_shared'> & AllMiddlewareArgs): Promise<void> => {
    await s.counts.sharedFile({ fileId: event.file_id, channel: event.channel_id, user: event.user_id }, context.botUserId);
  };
