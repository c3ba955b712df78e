import { publishHome } from './app-home';
import {
  acceptSharedFile,
  closeCountTap,
  countCommand,
  parkedFixForm,
  requestConfirmZero,
  requestOpenCount,
  submitParkedFix,
  type OpenCountForm,
} from './count-taps';
import { acceptUpload, type Upload } from './count-uploads';
import type { Deps } from './deps';
import { emailActionHttp, type EmailActionRequest, type HttpResponse } from './email-action';
import { decideOnOrder, orderEditForm, submitOrderEdit, type OrderDecision, type OrderEdits, type OrderRef } from './order-decisions';
import { type PosRequest, type PosResponse, receivePosWebhook, submitTillFix, tillFixForm } from './pos-intake';
import { decideIntake, intakeEditForm, submitIntakeEdit } from './intake-decisions';
import { receiveForm, submitReceipt } from './receiving';
import type { FormReply, OpenReply, Reply } from './replies';
import { decideOnVariance, type VarianceDecision } from './variance-decisions';

type VarianceRef = { sessionId: string; sku: string };
type ParkedRef = { sessionId: string; sk: string };

/**
 * Everything a listener may call, each a single step: who may act, what changes, what gets said and what is queued
 * are decided inside. Listeners parse Slack's payload, call one of these, and deliver the reply.
 */
export interface Services {
  orders: {
    decide(ref: OrderRef, user: string, decision: OrderDecision): Promise<Reply>;
    editForm(ref: OrderRef, user: string): Promise<OpenReply>;
    submitEdit(ref: OrderRef, user: string, edits: OrderEdits): Promise<FormReply>;
    receiveForm(ref: OrderRef, user: string): Promise<OpenReply>;
    /** `viewId` makes a resubmitted modal record nothing twice. */
    submitReceipt(ref: OrderRef, user: string, typed: { qty: string; note: string }, viewId: string): Promise<FormReply>;
  };
  variances: {
    decide(ref: VarianceRef, user: string, decision: VarianceDecision): Promise<Reply>;
  };
  counts: {
    /** `/count` (or a reminder's Start count, which names the location). */
    command(text: string, channel: string, user: string, opts?: { location?: string }): Promise<OpenReply>;
    submitOpen(form: OpenCountForm, user: string): Promise<FormReply>;
    confirmZero(ref: VarianceRef, user: string): Promise<Reply>;
    fixForm(ref: ParkedRef): Promise<OpenReply>;
    submitFix(ref: ParkedRef, input: { sku: string; qty: string; unit: string }, user: string): Promise<FormReply>;
    close(sessionId: string, user: string): Promise<Reply>;
    upload(upload: Upload, botUserId?: string): Promise<void>;
    sharedFile(file: { fileId: string; channel: string; user: string }, botUserId?: string): Promise<void>;
  };
  home: {
    publish(user: string): Promise<void>;
  };
  /** Whether this delivery (a Slack event id) is new: Slack redelivers events it thinks timed out. */
  firstDelivery(key: string): Promise<boolean>;
  /** The one path for a note only `user` sees: refusals, pointers. */
  tell(where: { channel?: string; user: string; threadTs?: string }, reply: Reply): Promise<void>;
  /** The email-action endpoint (signed Approve / Skip links), for `serve`'s HTTP route. */
  emailAction(req: EmailActionRequest): Promise<HttpResponse>;
  /** A till's webhook (generic, Shopify or Square), for `serve`'s routes and the `pos` function. */
  posWebhook(req: PosRequest): Promise<PosResponse>;
  tills: {
    /** Fix on a parked till line: the modal, or why it cannot open. */
    fixForm(ref: string, user: string): Promise<OpenReply>;
    submitFix(ref: string, input: { sku: string; location: string }, user: string): Promise<FormReply>;
  };
  /** Proposals read from forwarded mail, in the owner's DM. */
  intake: {
    decide(mailId: string, user: string, decision: 'approve' | 'discard'): Promise<Reply>;
    editForm(mailId: string, user: string): Promise<OpenReply>;
    submitEdit(mailId: string, user: string, rows: string): Promise<FormReply>;
  };
}

/** The listeners' services over one process's ports. */
export function createServices(deps: Deps): Services {
  return {
    orders: {
      decide: (ref, user, decision) => decideOnOrder(deps, ref, user, decision),
      editForm: (ref, user) => orderEditForm(deps, ref, user),
      submitEdit: (ref, user, edits) => submitOrderEdit(deps, ref, user, edits),
      receiveForm: (ref, user) => receiveForm(deps, ref, user),
      submitReceipt: (ref, user, typed, viewId) => submitReceipt(deps, ref, user, typed, viewId),
    },
    variances: {
      decide: (ref, user, decision) => decideOnVariance(deps, ref, user, decision),
    },
    counts: {
      command: (text, channel, user, opts) => countCommand(deps, text, channel, user, opts),
      submitOpen: (form, user) => requestOpenCount(deps, form, user),
      confirmZero: (ref, user) => requestConfirmZero(deps, ref, user),
      fixForm: (ref) => parkedFixForm(deps, ref),
      submitFix: (ref, input, user) => submitParkedFix(deps, ref, input, user),
      close: (sessionId, user) => closeCountTap(deps, sessionId, user),
      upload: (upload, botUserId) => acceptUpload(deps, upload, botUserId),
      sharedFile: (file, botUserId) => acceptSharedFile(deps, file, botUserId),
    },
    home: {
      publish: (user) => publishHome(deps, user),
    },
    firstDelivery: (key) => deps.store.dedupe.firstTime(key, deps.clock()),
    tell: async (where, reply) => {
      if (reply.kind !== 'tell' || !where.channel) return;
      await deps.chat.whisper(where.channel, where.user, reply.text, where.threadTs);
    },
    emailAction: (req) => emailActionHttp({ ...deps, linkSecret: deps.links.secret }, req, deps.clock()),
    posWebhook: (req) => receivePosWebhook(deps, deps.tills, req, deps.clock()),
    tills: {
      fixForm: (ref, user) => tillFixForm(deps, ref, user),
      submitFix: (ref, input, user) => submitTillFix(deps, ref, input, user),
    },
    intake: {
      decide: (mailId, user, decision) => decideIntake(deps, mailId, user, decision),
      editForm: (mailId, user) => intakeEditForm(deps, mailId, user),
      submitEdit: (mailId, user, rows) => submitIntakeEdit(deps, mailId, user, rows),
    },
  };
}
