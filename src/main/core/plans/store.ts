// Saved plans (issue 6): every plan Keel computes is recorded as a draft with what the user asked (the
// planRequest), the exact planner input (the `keel plan --input` JSON) and the result (HouseholdPlanView), so it
// can be opened, printed and re-run later. The newest 50 unnamed drafts are kept; naming or keeping a plan
// (savePlan) or marking it executed takes it out of the pruning.
import type {
  HouseholdPlanView,
  PlanModeName,
  PlanRequest,
  SavedPlanStatus,
  SavedPlanSummary,
  SavedPlanView,
} from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { baseCurrency } from '../household/fx.ts';
import { dec, moneyString, sum } from '../money.ts';
import type { PlanInputJson } from '../rebalance/types.ts';

/** How many unnamed drafts are kept; older ones are deleted when a new plan is recorded. */
export const MAX_DRAFTS = 50;

export interface RecordPlanArgs {
  request: PlanRequest;
  /** The exact planner input the plan was computed from. */
  input: PlanInputJson;
  view: HouseholdPlanView;
  /** The currency of the plan's prices (default: the household's base currency now). */
  currency?: string;
  /** For tests: the time the plan was made. */
  now?: Date;
}

interface PlanRow {
  id: number;
  created_at: string;
  name: string | null;
  status: SavedPlanStatus;
  model_name: string | null;
  mode: PlanModeName;
  currency: string;
  request: string;
  input: string;
  result: string;
  executed_at: string | null;
  executed_batch_id: number | null;
}

const PRUNE_SQL = `
  DELETE FROM plans WHERE status = 'draft' AND name IS NULL AND id NOT IN (
    SELECT id FROM plans WHERE status = 'draft' AND name IS NULL ORDER BY id DESC LIMIT ${MAX_DRAFTS})`;

/** Records a plan as a draft in one transaction (the INSERT and the pruning of old drafts); returns its id. */
export function recordPlan(db: Db, { request, input, view, currency, now = new Date() }: RecordPlanArgs): number {
  const stored: HouseholdPlanView = { ...view };
  delete stored.planId;
  const run = db.transaction((): number => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO plans (created_at, status, model_name, mode, currency, request, input, result)
           VALUES (?, 'draft', ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          now.toISOString(),
          view.model ?? request.model ?? null,
          view.mode ?? request.mode,
          currency ?? baseCurrency(db),
          JSON.stringify(request),
          JSON.stringify(input),
          JSON.stringify(stored),
        ).lastInsertRowid,
    );
    db.prepare(PRUNE_SQL).run();
    return id;
  });
  return run.immediate();
}

function summaryOf(r: PlanRow, view: HouseholdPlanView): SavedPlanSummary {
  const trades = view.plan.trades;
  return {
    id: r.id,
    createdAt: r.created_at,
    name: r.name,
    status: r.status,
    model: r.model_name,
    mode: r.mode,
    currency: r.currency,
    tradeCount: trades.length,
    bought: moneyString(sum(trades.filter((t) => t.side === 'buy').map((t) => dec(t.amount)))),
    sold: moneyString(sum(trades.filter((t) => t.side === 'sell').map((t) => dec(t.amount)))),
    drift: view.plan.drift,
    optimal: view.plan.optimal,
    executedAt: r.executed_at,
  };
}

function row(db: Db, id: number): PlanRow {
  const r = db.prepare('SELECT * FROM plans WHERE id = ?').get(id) as PlanRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `There is no plan ${id}.`, { id });
  return r;
}

function viewOf(r: PlanRow): HouseholdPlanView {
  return { ...(JSON.parse(r.result) as HouseholdPlanView), planId: r.id };
}

export function listPlans(db: Db, status?: SavedPlanStatus): SavedPlanSummary[] {
  const rows = (
    status
      ? db.prepare('SELECT * FROM plans WHERE status = ? ORDER BY id DESC').all(status)
      : db.prepare('SELECT * FROM plans ORDER BY id DESC').all()
  ) as PlanRow[];
  return rows.map((r) => summaryOf(r, viewOf(r)));
}

/** The stored record whole, including the planner input (for re-runs and the follow-up). */
export interface StoredPlan extends SavedPlanView {
  input: PlanInputJson;
  executedBatchId: number | null;
}

export function getStoredPlan(db: Db, id: number): StoredPlan {
  const r = row(db, id);
  const view = viewOf(r);
  return {
    ...summaryOf(r, view),
    request: JSON.parse(r.request) as PlanRequest,
    view,
    input: JSON.parse(r.input) as PlanInputJson,
    executedBatchId: r.executed_batch_id,
  };
}

export function getPlan(db: Db, id: number): SavedPlanView {
  const { input: _input, executedBatchId: _batch, ...plan } = getStoredPlan(db, id);
  return plan;
}

/** Keeps a plan (a draft becomes saved; an executed plan stays executed), optionally naming it. */
export function namePlan(db: Db, id: number, name?: string): SavedPlanSummary {
  row(db, id);
  db.prepare(
    `UPDATE plans SET name = COALESCE(?, name), status = CASE status WHEN 'draft' THEN 'saved' ELSE status END WHERE id = ?`,
  ).run(name?.trim() || null, id);
  const r = row(db, id);
  return summaryOf(r, viewOf(r));
}

export function deletePlan(db: Db, id: number): { deleted: number } {
  const n = db.prepare('DELETE FROM plans WHERE id = ?').run(id).changes;
  if (n === 0) throw new CoreError('NOT_FOUND', `There is no plan ${id}.`, { id });
  return { deleted: id };
}

/** Marks a plan executed now, remembering the newest import batch (the follow-up compares imports after it). */
export function markExecuted(db: Db, id: number, now: Date = new Date()): SavedPlanSummary {
  const run = db.transaction(() => {
    const r = row(db, id);
    if (r.status === 'executed') return;
    const batch = db.prepare('SELECT MAX(id) AS id FROM import_batches').get() as { id: number | null };
    db.prepare(`UPDATE plans SET status = 'executed', executed_at = ?, executed_batch_id = ? WHERE id = ?`).run(now.toISOString(), batch.id, id);
  });
  run.immediate();
  const r = row(db, id);
  return summaryOf(r, viewOf(r));
}
