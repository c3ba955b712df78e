import type { FormReply } from '../../src/services/replies';

type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

/** Closes the modal, or keeps it open with the reason under each field. */
export const formAck = (ack: ViewAck, reply: FormReply): Promise<void> =>
  reply.kind === 'errors' ? ack({ response_action: 'errors', errors: reply.errors }) : ack();
