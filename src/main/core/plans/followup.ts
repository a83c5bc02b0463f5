// What was done of an executed plan (issue 6): once a positions import newer than the moment the plan was marked
// executed lands for an account, each of the account's trades is compared with the imported holding.
//   before   = shares held when planned (the stored planner input);
//   expected = before + quantity (buy) or before − quantity (sell);
//   now      = shares in the account's newest snapshot (0 when the symbol is gone).
// Moved = now − before in the trade's direction: ≥ quantity is done, ≤ 0 not done, in between partly done.
// Exact decimals throughout.
import type { PlanFollowUpStatus, PlanFollowUpTradeView, PlanFollowUpView, PlanTradeView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { dec, microToPlain, plainString } from '../money.ts';
import { getStoredPlan } from './store.ts';

/** account id → symbol → shares. */
export type Holdings = Record<string, Record<string, string>>;

/** Compares each trade's expected holding with the imported one; `now[account]` absent or null: no newer import. */
export function compareTrades(trades: readonly PlanTradeView[], before: Holdings, now: Record<string, Record<string, string> | null>): PlanFollowUpTradeView[] {
  return trades.map((t) => {
    const b = dec(before[t.account]?.[t.symbol] ?? '0');
    const q = dec(t.quantity);
    const sign = t.side === 'buy' ? 1 : -1;
    const expected = b.plus(q.times(sign));
    const held = now[t.account];
    const base = { account: t.account, symbol: t.symbol, side: t.side, quantity: t.quantity, before: plainString(b), expected: plainString(expected) };
    if (!held) return { ...base, now: null, remaining: null, status: 'no-import' as const };
    const n = dec(held[t.symbol] ?? '0');
    const moved = n.minus(b).times(sign);
    let status: PlanFollowUpStatus;
    let remaining = q.minus(moved);
    if (moved.greaterThanOrEqualTo(q)) {
      status = 'done';
      remaining = dec(0);
    } else if (moved.lessThanOrEqualTo(0)) {
      status = 'not-done';
      remaining = q;
    } else status = 'partly';
    return { ...base, now: plainString(n), remaining: plainString(remaining), status };
  });
}

/** Shares per account and symbol in the planner input the plan was computed from. */
export function holdingsOfInput(positions: readonly { account: string; symbol: string; quantity: string }[] | undefined): Holdings {
  const out: Holdings = {};
  for (const p of positions ?? []) {
    const acc = (out[p.account] ??= {});
    acc[p.symbol] = dec(acc[p.symbol] ?? '0').plus(p.quantity).toFixed();
  }
  return out;
}

interface NewestSnapshot {
  id: number;
  as_of: string;
  batch_id: number | null;
  imported_at: string | null;
}

/** The follow-up of a plan: the getPlanFollowUp operation. */
export function planFollowUp(db: Db, id: number): PlanFollowUpView {
  const plan = getStoredPlan(db, id);
  const trades = plan.view.plan.trades;
  const accountIds = [...new Set([...plan.view.accounts.map((a) => a.id), ...trades.map((t) => t.account)])];
  const name = (a: string): string => plan.view.accounts.find((x) => x.id === a)?.name ?? a;
  const counts = { done: 0, partly: 0, notDone: 0, noImport: 0 };

  if (plan.status !== 'executed' || plan.executedAt === null) {
    return {
      planId: id,
      state: 'not-executed',
      executedAt: null,
      accounts: accountIds.map((a) => ({ id: a, name: name(a), importedAt: null, asOf: null })),
      trades: [],
      counts,
    };
  }

  const newest = db.prepare(
    `SELECT s.id, s.as_of, s.batch_id, b.imported_at FROM snapshots s LEFT JOIN import_batches b ON b.id = s.batch_id
     WHERE s.account_id = ? ORDER BY s.as_of DESC, s.id DESC LIMIT 1`,
  );
  const positions = db
    .prepare(
      `SELECT sec.symbol, p.quantity_micro FROM positions p JOIN securities sec ON sec.id = p.security_id
       WHERE p.snapshot_id = ? AND p.is_cash = 0`,
    )
    .safeIntegers(true);
  const now: Record<string, Record<string, string> | null> = {};
  const accounts: PlanFollowUpView['accounts'] = [];
  for (const a of accountIds) {
    const s = /^\d+$/.test(a) ? (newest.get(Number(a)) as NewestSnapshot | undefined) : undefined;
    // Newer: written by an import that came after the plan was marked executed (a later batch id, or a later
    // time should an undone batch's id have been reused).
    const newer =
      s !== undefined &&
      s.batch_id !== null &&
      s.imported_at !== null &&
      ((plan.executedBatchId === null ? true : s.batch_id > plan.executedBatchId) || s.imported_at > plan.executedAt);
    if (!s || !newer) {
      now[a] = null;
      accounts.push({ id: a, name: name(a), importedAt: null, asOf: null });
      continue;
    }
    const held: Record<string, string> = {};
    for (const p of positions.all(s.id) as { symbol: string; quantity_micro: bigint }[]) {
      held[p.symbol] = dec(held[p.symbol] ?? '0').plus(microToPlain(p.quantity_micro)).toFixed();
    }
    now[a] = held;
    accounts.push({ id: a, name: name(a), importedAt: s.imported_at, asOf: s.as_of });
  }

  const compared = compareTrades(trades, holdingsOfInput(plan.input.positions), now);
  for (const t of compared) {
    if (t.status === 'done') counts.done++;
    else if (t.status === 'partly') counts.partly++;
    else if (t.status === 'not-done') counts.notDone++;
    else counts.noImport++;
  }
  return {
    planId: id,
    state: accounts.some((a) => a.importedAt !== null) ? 'compared' : 'waiting-for-import',
    executedAt: plan.executedAt,
    accounts,
    trades: compared,
    counts,
  };
}
