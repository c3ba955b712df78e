import { randomBytes } from 'node:crypto';
import { countSheetXlsx } from '../../views/count-sheet';
import { countSessionMessage, countSheetName } from '../../views/count-session';
import type { DocumentSource } from '../adapters/documents';
import type { Chat } from '../adapters/slack/chat';
import { inCategories } from '../domain/count-capture';
import { localDate } from '../domain/quiet-hours';
import type { Rules } from '../domain/types';
import { lineSk, sessionPk, type CountLine, type SessionMeta } from '../store/counts';
import type { Store } from '../store/open-store';
import { bounded, STORED_TEXT } from './count-lines';

export interface CountDeps {
  store: Pick<Store, 'inventory' | 'counts' | 'audit' | 'dedupe'>;
  documents: DocumentSource;
  chat: Chat;
  clock: () => Date;
}

export interface OpenCountRequest {
  location: string;
  /** Categories to count; null or empty for the whole location. */
  categories: string[] | null;
  counter: string;
  by: string;
  /** Where to post when the rules doc names no channel for the location (the channel /count was typed in). */
  fallbackChannel: string | null;
}

export type OpenCountOutcome =
  | { kind: 'opened'; meta: SessionMeta; skus: number }
  /** The location already has an open count: that one, to point to. */
  | { kind: 'already-open'; meta: SessionMeta }
  | { kind: 'nothing-to-count'; reason: string };

/** Locations and categories as the stock sheet has them, for the /count modal. */
export async function countChoices(
  documents: DocumentSource,
): Promise<{ locations: string[]; categoriesByLocation: Map<string, string[]> }> {
  const items = await documents.readStockSheet();
  const byLocation = new Map<string, Set<string>>();
  for (const item of items) {
    const set = byLocation.get(item.location) ?? new Set<string>();
    if (item.category) set.add(item.category);
    byLocation.set(item.location, set);
  }
  return {
    locations: [...byLocation.keys()].sort(),
    categoriesByLocation: new Map([...byLocation].map(([loc, cats]) => [loc, [...cats].sort()])),
  };
}

const sessionId = (location: string, today: string) =>
  `${
    location
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 8)
      .toUpperCase() || 'LOC'
  }-${today.replace(/-/g, '')}-${randomBytes(2).toString('hex').toUpperCase()}`;

/**
 * `/count`: refreshes the location's inventory from the stock sheet, takes the snapshot the count will be reconciled
 * against, opens the session (one per location) and posts it in the location's channel with the pre-filled sheet.
 */
export async function openCount(deps: CountDeps, req: OpenCountRequest, now: Date): Promise<OpenCountOutcome> {
  const existing = await deps.store.counts.openFor(req.location);
  if (existing) {
    const meta = await deps.store.counts.meta(existing);
    if (meta) return { kind: 'already-open', meta };
  }
  const [items, rules] = await Promise.all([deps.documents.readStockSheet(), deps.documents.readRules()]);
  const here = items.filter((i) => i.location.toLowerCase() === req.location.toLowerCase());
  if (here.length === 0) return { kind: 'nothing-to-count', reason: `The stock sheet has no items at ${req.location}.` };
  const location = here[0]!.location;
  if (deps.documents.readsLive) await deps.store.inventory.syncFromSheet(here, now);
  const snapshot = (await deps.store.inventory.listLocation(location)).filter((r) => inCategories(r, req.categories));
  if (snapshot.length === 0) return { kind: 'nothing-to-count', reason: `No items at ${location} are in ${req.categories?.join(', ')}.` };

  const channel = rules.locationChannels[location.toLowerCase()] ?? req.fallbackChannel;
  if (!channel)
    return { kind: 'nothing-to-count', reason: `The rules doc names no channel for ${location} (location channel: ${location} = C…).` };

  const id = sessionId(location, localDate(now, rules.timezone));
  const meta: SessionMeta = {
    pk: sessionPk(id),
    sk: 'META',
    session_id: id,
    location,
    counter: req.counter,
    opened_by: req.by,
    scope: req.categories && req.categories.length > 0 ? req.categories : null,
    opened_at: now.toISOString(),
    session_status: 'open',
    snapshot_version: Math.max(...snapshot.map((r) => r.version)),
  };
  const lines: CountLine[] = snapshot.map((r) => ({
    pk: sessionPk(id),
    sk: lineSk(r.sku),
    session_id: id,
    location,
    sku: r.sku,
    name: bounded(r.name, STORED_TEXT.name),
    category: r.category === null ? null : bounded(r.category, STORED_TEXT.name),
    system: r.quantity,
    unit_cost: r.unit_cost,
    inventory_version: r.version,
    counted: null,
    kind: 'not_counted',
  }));
  const opened = await deps.store.counts.open(meta, lines);
  if (!opened.opened) {
    const other = await deps.store.counts.meta(opened.sessionId);
    if (other) return { kind: 'already-open', meta: other };
  }

  const message = countSessionMessage(meta, lines.length, rules.timezone);
  const sheet = await countSheetXlsx(
    id,
    lines.map((l) => ({ sku: l.sku, name: l.name, location })),
  );
  // A count lives in its thread: one that cannot be posted is taken back whole (session, lines and the location's
  // lock), so it neither lingers without a thread nor keeps the location from being counted.
  let posted: { channel: string; ts: string };
  try {
    posted = await deps.chat.postWithFile(channel, message, { name: countSheetName(meta), bytes: sheet, title: `Count sheet ${id}` });
  } catch (err) {
    await deps.store.counts.discard(id, location);
    const refusal = slackRefusal(err);
    if (refusal === 'not_in_channel' || refusal === 'channel_not_found') {
      const why =
        refusal === 'not_in_channel'
          ? `stockbot is not in <#${channel}>, so the count could not be posted there`
          : `stockbot cannot see <#${channel}> (a private channel it is not in, or a wrong id in the rules doc's location channel)`;
      return {
        kind: 'nothing-to-count',
        reason: `${why}: invite @stockbot to <#${channel}> first (\`/invite @stockbot\`), then type \`/count\` again.`,
      };
    }
    throw err;
  }
  await deps.store.counts.setThread(id, posted.channel, posted.ts);
  await deps.store.audit.append({
    subject: `SESSION#${id}`,
    action: 'count-opened',
    by: req.by,
    at: meta.opened_at,
    after: { location, scope: meta.scope, counter: req.counter, skus: lines.length },
  });
  return {
    kind: 'opened',
    meta: { ...meta, channel: posted.channel, ts: posted.ts, thread: `${posted.channel}#${posted.ts}` },
    skus: lines.length,
  };
}

/** The error Slack answered a call with (`not_in_channel`), when the failure is Slack's refusal rather than the network. */
function slackRefusal(err: unknown): string | null {
  const data = typeof err === 'object' && err !== null ? (err as { data?: { error?: unknown } }).data : undefined;
  return typeof data?.error === 'string' ? data.error : null;
}

/** Who may speak for a count: whoever counts, whoever opened it, and the location's approver. */
export function mayActOnCount(meta: SessionMeta, rules: Rules, user: string): boolean {
  return user === meta.counter || user === meta.opened_by || user === rules.locationApprovers[meta.location.toLowerCase()];
}

export type CloseOutcome =
  | { kind: 'closed'; meta: SessionMeta; waiting: number }
  | { kind: 'already-closed' | 'unknown' }
  | { kind: 'not-allowed'; meta: SessionMeta };

/**
 * Closes a count and frees its location for the next one. Variances still waiting keep their live cards (the
 * approver can still decide them, and the aged-variance sweep chases them); no more files are read into it.
 */
export async function closeCount(deps: CountDeps, sessionId: string, by: string, now: Date): Promise<CloseOutcome> {
  const [meta, rules] = await Promise.all([deps.store.counts.meta(sessionId), deps.documents.readRules()]);
  if (!meta) return { kind: 'unknown' };
  if (meta.session_status === 'closed') return { kind: 'already-closed' };
  const approver = rules.locationApprovers[meta.location.toLowerCase()];
  if (!mayActOnCount(meta, rules, by)) return { kind: 'not-allowed', meta };
  const lines = await deps.store.counts.lines(sessionId);
  const waiting = lines.filter((l) => l.state === 'material' && (l.variance_status === 'queued' || l.variance_status === 'held')).length;
  await deps.store.counts.close(sessionId, meta.location, now);
  await deps.store.audit.append({
    subject: `SESSION#${sessionId}`,
    action: 'count-closed',
    by,
    at: now.toISOString(),
    after: {
      counted: lines.filter((l) => l.counted !== null).length,
      not_counted: lines.filter((l) => l.counted === null).length,
      waiting,
    },
  });
  if (meta.channel && meta.ts) {
    const who = approver ? `<@${approver}>` : "the location's approver";
    await deps.chat.post(
      meta.channel,
      {
        text:
          `Count ${sessionId} was closed by <@${by}>. ` +
          (waiting > 0
            ? `${waiting} variance${waiting === 1 ? ' still waits' : 's still wait'} for ${who}; ${waiting === 1 ? 'its card stays' : 'their cards stay'} live. `
            : '') +
          'Type `/count` to open the next count here.',
      },
      meta.ts,
    );
  }
  return { kind: 'closed', meta: { ...meta, session_status: 'closed' }, waiting };
}
