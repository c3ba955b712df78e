import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../src/app';
import { acceptUpload } from '../../src/services/count-uploads';

/**
 * A file posted in a channel (`message` with subtype `file_share`, which carries the thread). The same upload also
 * raises `file_shared`; both go through `acceptUpload`, which handles each file once.
 */
export const fileShareMessage =
  (s: Services) =>
  async ({ event, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (event.subtype !== 'file_share') return;
    const files = (event as { files?: { id: string; name?: string; size?: number; user?: string }[] }).files ?? [];
    const threadTs = (event as { thread_ts?: string }).thread_ts ?? null;
    for (const file of files) {
      await acceptUpload(s, { fileId: file.id, name: file.name ?? file.id, size: file.size ?? 0, user: event.user ?? file.user ?? '', channel: event.channel, threadTs }, context.botUserId);
    }
  };

/** `file_shared` has no thread: Slack's files.info says where the file went. */
export const fileShared =
  (s: Services) =>
  async ({ event, client, context }: SlackEventMiddlewareArgs<'file_shared'> & AllMiddlewareArgs): Promise<void> => {
    if (event.user_id === context.botUserId) return; // our own count sheet
    const info = await client.files.info({ file: event.file_id });
    const shares = (info.file?.shares?.public ?? info.file?.shares?.private ?? {}) as Record<string, { thread_ts?: string }[]>;
    const threadTs = shares[event.channel_id]?.[0]?.thread_ts ?? null;
    const file = info.file;
    await acceptUpload(
      s,
      { fileId: event.file_id, name: file?.name ?? event.file_id, size: file?.size ?? 0, user: event.user_id, channel: event.channel_id, threadTs },
      context.botUserId,
    );
  };
