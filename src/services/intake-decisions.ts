import { intakeEditModal, intakeProposalMessage } from '../../views/intake-proposal';
import { INTAKE_EDIT_BLOCK } from '../../views/ids';
import { MAX_QUANTITY, MAX_UNIT_COST } from '../config/bounds';
import { parseEditedRows } from '../domain/intake-edit';
import type { IntakeRecord, IntakeRow } from '../domain/intake-record';
import { changeFlags } from '../domain/proposal-checks';
import type { Rules } from '../domain/types';
import type { Deps } from './deps';
import { CLOSE, DONE, fieldError, tell, type FormReply, type OpenReply, type Reply } from './replies';

export type IntakeDecisionDeps = Pick<Deps, 'store' | 'documents' | 'chat' | 'queue' | 'clock'>;

const ownerOnly = (rules: Rules) =>
  `Only ${rules.owner ? `<@${rules.owner}>` : 'the owner named in the rules doc (no owner is set yet)'} can approve, edit or discard mailed-in changes. Nothing was changed.`;

async function allowed(deps: IntakeDecisionDeps, rules: Rules, user: string, mailId: string, action: string): Promise<boolean> {
  if (rules.owner !== null && user === rules.owner) return true;
  await deps.store.audit.append({
    subject: `MAIL#${mailId}`,
    action: 'refused',
    by: user,
    at: deps.clock().toISOString(),
    detail: `${action} refused: only the owner may decide on mailed-in changes`,
  });
  return false;
}

/** Redraws the owner's card where it is, so no live buttons are left on a decided proposal. */
export async function showIntake(deps: Pick<Deps, 'chat'>, record: IntakeRecord, rules: Rules): Promise<void> {
  if (record.message)
    await deps.chat.update(record.message, intakeProposalMessage(record, { currency: rules.currency, ownerId: rules.owner }));
}

/**
 * Approve or Discard on a proposal card: the owner alone, exactly once (a second tap finds it decided). Approve hands
 * the rows to the stock poster, the one function that writes quantities; Discard hands the mail to be moved aside.
 */
export async function decideIntake(
  deps: IntakeDecisionDeps,
  mailId: string,
  user: string,
  decision: 'approve' | 'discard',
): Promise<Reply> {
  const rules = await deps.documents.readRules();
  if (!(await allowed(deps, rules, user, mailId, decision))) return tell(ownerOnly(rules));
  const at = deps.clock().toISOString();
  const decided = await deps.store.intake.decide(mailId, 'proposed', decision === 'approve' ? 'approved' : 'discarded', user, at);
  if (!decided) {
    const record = await deps.store.intake.get(mailId);
    if (record) await showIntake(deps, record, rules);
    return tell(record ? `That proposal was already ${record.status}.` : 'That proposal is no longer here.');
  }
  await deps.store.audit.append({
    subject: `MAIL#${mailId}`,
    action: decision === 'approve' ? 'intake-approved' : 'intake-discarded',
    by: user,
    at,
    after: decision === 'approve' ? decided.rows : undefined,
  });
  await deps.queue.enqueue(decision === 'approve' ? { kind: 'apply-intake', mailId, by: user } : { kind: 'discard-mail', mailId });
  await showIntake(deps, decided, rules);
  return DONE;
}

/** Edit: the rows as lines in a modal. A proposal too long to edit in Slack says so instead. */
export async function intakeEditForm(deps: IntakeDecisionDeps, mailId: string, user: string): Promise<OpenReply> {
  const rules = await deps.documents.readRules();
  if (!(await allowed(deps, rules, user, mailId, 'edit'))) return tell(ownerOnly(rules));
  const record = await deps.store.intake.get(mailId);
  if (record?.status !== 'proposed')
    return tell(record ? `That proposal was already ${record.status}.` : 'That proposal is no longer here.');
  const view = intakeEditModal(record);
  if (!('initial_value' in (view.blocks[1] as { element: object }).element))
    return tell(`${record.rows.length} rows are too many to edit here: Approve or Discard them, or forward a shorter file.`);
  return { kind: 'open', view };
}

/**
 * The Edit modal's Approve: the owner's lines read back, each SKU checked against the stock sheet, flags worked out
 * again (a number the owner typed that is not in the document is flagged, not refused: a person decided it). A line that
 * does not read keeps the modal open with the reason.
 */
export async function submitIntakeEdit(deps: IntakeDecisionDeps, mailId: string, user: string, text: string): Promise<FormReply> {
  const rules = await deps.documents.readRules();
  if (!(await allowed(deps, rules, user, mailId, 'edit'))) return fieldError(INTAKE_EDIT_BLOCK.rows, 'Only the owner can edit this.');
  const record = await deps.store.intake.get(mailId);
  if (record?.status !== 'proposed') return fieldError(INTAKE_EDIT_BLOCK.rows, `That proposal was already ${record?.status ?? 'removed'}.`);
  const parsed = parseEditedRows(text, { maxOnHand: MAX_QUANTITY, maxUnitCost: MAX_UNIT_COST });
  if (!parsed.ok) return fieldError(INTAKE_EDIT_BLOCK.rows, parsed.problems.slice(0, 5).join('\n'));
  const items = await deps.documents.readStockSheet();
  const problems: string[] = [];
  const rows: IntakeRow[] = [];
  for (const edited of parsed.rows) {
    const item = items.find(
      (i) => i.sku.toLowerCase() === edited.sku.toLowerCase() && i.location.toLowerCase() === edited.location.toLowerCase(),
    );
    if (!item) {
      problems.push(`${edited.sku} @ ${edited.location} is not in the stock sheet`);
      continue;
    }
    const before = record.rows.find((r) => r.sku === item.sku && r.location === item.location);
    const onHand = edited.onHand === undefined ? undefined : { current: before?.onHand?.current ?? item.onHand, proposed: edited.onHand };
    const unitCost =
      edited.unitCost === undefined ? undefined : { current: before?.unitCost?.current ?? item.unitCost, proposed: edited.unitCost };
    const typed = [
      ...(onHand && onHand.proposed !== before?.onHand?.proposed ? [`on hand ${onHand.proposed} typed by the owner`] : []),
      ...(unitCost && unitCost.proposed !== before?.unitCost?.proposed ? [`cost ${unitCost.proposed} typed by the owner`] : []),
    ];
    rows.push({
      sku: item.sku,
      location: item.location,
      name: item.name,
      ...(onHand ? { onHand } : {}),
      ...(unitCost ? { unitCost } : {}),
      flags: [...changeFlags(onHand, unitCost), ...typed],
      sourceText: before?.sourceText ?? 'typed by the owner',
      fileName: before?.fileName ?? '',
    });
  }
  if (problems.length > 0) return fieldError(INTAKE_EDIT_BLOCK.rows, problems.slice(0, 5).join('\n'));
  if (rows.length === 0) return fieldError(INTAKE_EDIT_BLOCK.rows, 'No rows are left: use Discard to drop the whole proposal.');
  const at = deps.clock().toISOString();
  const decided = await deps.store.intake.decide(mailId, 'proposed', 'approved', user, at, rows);
  if (!decided) return fieldError(INTAKE_EDIT_BLOCK.rows, 'That proposal was decided meanwhile.');
  await deps.store.audit.append({ subject: `MAIL#${mailId}`, action: 'intake-approved', by: user, at, before: record.rows, after: rows });
  await deps.queue.enqueue({ kind: 'apply-intake', mailId, by: user });
  await showIntake(deps, decided, rules);
  return CLOSE;
}
