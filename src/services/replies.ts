import type { View } from '@slack/types';

/**
 * What a tap comes to for whoever tapped: nothing more to say (the message itself shows the outcome), or a note only
 * they see — a refusal, a pointer. Services decide which; listeners only deliver it, all through one path.
 */
export type Reply = { kind: 'done' } | { kind: 'tell'; text: string };

/** A modal submission: close it, or keep it open with the reason under each field. */
export type FormReply = { kind: 'close' } | { kind: 'errors'; errors: Record<string, string> };

/** A button or command that opens a modal, or says why it does not. */
export type OpenReply = Reply | { kind: 'open'; view: View };

export const DONE: Reply = { kind: 'done' };
export const tell = (text: string): Reply => ({ kind: 'tell', text });
export const CLOSE: FormReply = { kind: 'close' };
export const fieldError = (block: string, message: string): FormReply => ({ kind: 'errors', errors: { [block]: message } });
