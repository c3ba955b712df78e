import type { DocumentOriginals, DocumentSource, SyncedCopies } from '../adapters/documents';
import type { FileStore } from '../adapters/files';
import type { MailPort } from '../adapters/mail';
import type { CauseSuggester } from '../adapters/model';
import type { WorkQueue } from '../adapters/queue';
import type { DeliveryScheduler } from '../adapters/scheduler';
import type { Chat } from '../adapters/slack/chat';
import type { Store } from '../store/open-store';
import type { DraftNotifier } from './owner-notices';
import type { PosSettings } from '../domain/pos';
import type { RawMailStore } from '../adapters/mail-in';
import type { RowProposer } from '../adapters/model/row-proposer';
import type { NarrativeWriter } from '../adapters/model/narrative';
import type { ChartRenderer } from '../adapters/charts';
import type { DocumentReader } from '../adapters/reader';

/**
 * Every port a workflow may draw on, one adapter each. The composition root (src/wiring.ts) builds one per process
 * from the environment; services, jobs and queued work take only the parts they use (`Pick<Deps, …>`).
 */
export interface Deps {
  store: Store;
  /** The stock sheet, rules doc and supplier doc. */
  documents: DocumentSource;
  /**
   * The documents where staff edit them, for the sheet sync and the write-back; null where this process may not reach
   * them (on AWS only the `sheets` function holds the Google key): write-backs then wait for that function.
   */
  originals: DocumentOriginals | null;
  /** Where the sheet sync keeps the last good copies every function reads; null when documents are read live (local files). */
  syncedCopies: SyncedCopies | null;
  /** Slow work handed on: SQS on AWS, in this process locally. */
  queue: WorkQueue;
  /** Everything said in Slack (printed by the CLI and the demo). */
  chat: Chat;
  mail: MailPort;
  /** The verified sender of purchase orders and draft emails. */
  mailFrom: string;
  /** Signs emailed Approve / Skip links, and where they lead. */
  links: { secret: string; actionUrl: string };
  /** Where uploaded count files are kept. */
  files: FileStore;
  /** Who suggests a material variance's likely cause. */
  suggester: CauseSuggester;
  /** Wakes the delivery of notifications held over quiet hours. */
  scheduler: DeliveryScheduler;
  /** Where new drafts go: the owner (DM or email), or the terminal when Slack is not configured. */
  drafts: DraftNotifier;
  /** The tills' webhook secrets (unset: that format's endpoint is not set up). */
  tills: PosSettings;
  /** Where forwarded mail is kept (the mail bucket on AWS, `.data/mail` locally). */
  rawMail: RawMailStore;
  /** Reads PDFs and photos (Textract on AWS; locally none, which says so). */
  documentReader: DocumentReader;
  /** Reads a forwarded document into proposed rows (Bedrock, or the rule-based matcher). */
  proposer: RowProposer;
  /** Draws the monthly summary's charts (Vega-Lite to PNG, on this machine). */
  charts: ChartRenderer;
  /** Writes the monthly summary's paragraph (Bedrock, or the template); its numbers are checked against the figures. */
  narrator: NarrativeWriter;
  clock: () => Date;
}
