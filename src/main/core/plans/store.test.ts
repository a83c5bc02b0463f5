// Saved plans: recordPlan is one atomic write that keeps the newest 50 unnamed drafts; the record round-trips;
// planHousehold records every plan; a re-run plans the stored input again.
import { describe, expect, it } from 'vitest';
import type { HouseholdPlanView, PlanRequest } from '../../../shared/contract.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { openTestCore, unwrap } from '../../../../tests/support/core.ts';
import type { PlanInputJson } from '../rebalance/types.ts';
import { deletePlan, getPlan, getStoredPlan, listPlans, markExecuted, MAX_DRAFTS, namePlan, recordPlan } from './store.ts';

const request: PlanRequest = { mode: 'invest', cash: [{ account: '1', amount: '1000' }] };
const input: PlanInputJson = {
  accounts: [{ id: '1', taxTreatment: 'taxable', cash: '1000' }],
  securities: [{ symbol: 'VTI', price: '250', sleeves: { Stocks: '100' } }],
  positions: [],
  model: { targets: { Stocks: '100' } },
  options: { mode: 'invest', asOf: '2026-11-29' },
};
function view(n: number): HouseholdPlanView {
  return {
    plan: {
      trades: [
        { account: '1', symbol: 'VTI', side: 'buy', quantity: String(n), price: '250', amount: String(250 * n), lots: [], gain: { short: '0.00', long: '0.00' }, why: 'Buy' },
      ],
      drift: { before: '0.5', after: '0' },
      objective: '0',
      optimal: true,
      gap: '0',
      leftoverCash: { '1': '0' },
      warnings: [],
    },
    warnings: [],
    accounts: [{ id: '1', name: 'Brokerage' }],
    model: 'All stocks',
    mode: 'invest',
  };
}

const open = () => openTestCore({ dataDir: tempDir(), door: 'cli' });

describe('plans store', () => {
  it('round-trips request, input and view; the summary sums buys and sells', () => {
    const { db } = open();
    const id = recordPlan(db, { request, input, view: view(4), now: new Date('2026-11-29T10:00:00Z') });
    const stored = getStoredPlan(db, id);
    expect(stored.request).toEqual(request);
    expect(stored.input).toEqual(input);
    expect(stored.view).toEqual({ ...view(4), planId: id });
    expect(getPlan(db, id)).toEqual({
      id,
      createdAt: '2026-11-29T10:00:00.000Z',
      name: null,
      status: 'draft',
      model: 'All stocks',
      mode: 'invest',
      currency: 'USD',
      tradeCount: 1,
      bought: '1000.00',
      sold: '0.00',
      drift: { before: '0.5', after: '0' },
      optimal: true,
      executedAt: null,
      request,
      view: { ...view(4), planId: id },
    });
  });

  it(`keeps the newest ${MAX_DRAFTS} unnamed drafts; saved, named and executed plans are never pruned`, () => {
    const { db } = open();
    const first = recordPlan(db, { request, input, view: view(1) });
    const second = recordPlan(db, { request, input, view: view(2) });
    const third = recordPlan(db, { request, input, view: view(3) });
    namePlan(db, first, 'Year-end');
    namePlan(db, second);
    markExecuted(db, third);
    const ids: number[] = [];
    for (let i = 0; i < MAX_DRAFTS + 7; i++) ids.push(recordPlan(db, { request, input, view: view(10 + i) }));
    const drafts = listPlans(db, 'draft').map((p) => p.id);
    expect(drafts).toHaveLength(MAX_DRAFTS);
    expect(drafts).toEqual(ids.slice(-MAX_DRAFTS).reverse());
    expect(listPlans(db, 'saved').map((p) => [p.id, p.name])).toEqual([
      [second, null],
      [first, 'Year-end'],
    ]);
    expect(listPlans(db, 'executed').map((p) => p.id)).toEqual([third]);
    expect(listPlans(db)).toHaveLength(MAX_DRAFTS + 3);
  });

  it('is atomic: a failing insert leaves no row and prunes nothing', () => {
    const { db } = open();
    for (let i = 0; i < MAX_DRAFTS; i++) recordPlan(db, { request, input, view: view(i + 1) });
    const before = listPlans(db).map((p) => p.id);
    // A view JSON.stringify cannot write (a BigInt) fails inside the transaction.
    const bad = { ...view(1), plan: { ...view(1).plan, objective: 1n as unknown as string } };
    expect(() => recordPlan(db, { request, input, view: bad })).toThrow();
    expect(listPlans(db).map((p) => p.id)).toEqual(before);
    // The pruning failing after the INSERT rolls the INSERT back too (51 drafts: one is pruned, the trigger aborts).
    db.exec("CREATE TRIGGER fail_prune BEFORE DELETE ON plans BEGIN SELECT RAISE(ABORT, 'prune failed'); END");
    expect(() => recordPlan(db, { request, input, view: view(99) })).toThrow(/prune failed/);
    expect(listPlans(db).map((p) => p.id)).toEqual(before);
  });

  it('names, marks executed (with the newest import batch) and deletes; unknown ids are NOT_FOUND', async () => {
    const c = open();
    const id = recordPlan(c.db, { request, input, view: view(2) });
    expect(namePlan(c.db, id, '  Rebalance Q4  ')).toMatchObject({ id, name: 'Rebalance Q4', status: 'saved' });
    c.db
      .prepare("INSERT INTO import_batches (file_name, sha256, broker, layout, kind, counts, warnings, imported_at) VALUES ('a.csv', 'h1', 'schwab', 'x', 'positions', '{}', '[]', '2026-11-01T00:00:00Z')")
      .run();
    const executed = markExecuted(c.db, id, new Date('2026-11-30T12:00:00Z'));
    expect(executed).toMatchObject({ status: 'executed', executedAt: '2026-11-30T12:00:00.000Z', name: 'Rebalance Q4' });
    expect(getStoredPlan(c.db, id).executedBatchId).toBe(1);
    // Naming an executed plan keeps it executed.
    expect(namePlan(c.db, id, 'Done')).toMatchObject({ status: 'executed', name: 'Done' });
    expect(deletePlan(c.db, id)).toEqual({ deleted: id });
    const missing = await c.api.getPlan({ id });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    expect(() => deletePlan(c.db, id)).toThrow(/no plan/);
  });
});

describe('planHousehold records the plan; rerunPlan plans the stored input again', () => {
  it('returns planId; the stored input has its date fixed; a re-run of a proven-optimal plan gives the same trades', async () => {
    const c = open();
    const planned = unwrap(await c.api.planHousehold({ mode: 'invest', cash: [{ account: '...4821', amount: '10000' }] }));
    expect(planned.planId).toBeGreaterThan(0);
    expect(planned.model).toBe('2026 Rotation');
    expect(planned.mode).toBe('invest');
    expect(planned.pricesAsOf).toBe('2026-11-27');
    expect(planned.accounts[0]).toEqual({ id: '1', name: 'Demo Taxable Brokerage', numberMasked: '...4821', taxTreatment: 'taxable' });
    const stored = getStoredPlan(c.db, planned.planId!);
    expect(stored.input.options?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(stored.input.options?.cashFlows).toEqual({ '1': '10000' });
    expect(stored.request).toEqual({ mode: 'invest', cash: [{ account: '...4821', amount: '10000' }] });
    expect(stored.view.plan).toEqual(planned.plan);

    const list = unwrap(await c.api.listPlans({}));
    expect(list.map((p) => p.id)).toEqual([planned.planId]);

    const rerun = unwrap(await c.api.rerunPlan({ id: planned.planId! }));
    expect(rerun.planId).toBe(planned.planId);
    expect(rerun.view.planId).not.toBe(planned.planId);
    if (planned.plan.optimal && rerun.view.plan.optimal) {
      expect(rerun.deterministic).toBe(true);
      expect(rerun.same).toBe(true);
      expect(rerun.differences).toEqual([]);
      expect(rerun.view.plan.trades).toEqual(planned.plan.trades);
    }
    expect(unwrap(await c.api.listPlans({})).map((p) => p.id)).toEqual([rerun.view.planId, planned.planId]);
  });

  it('reports a difference when the saved trades are not what the stored input plans', async () => {
    const c = open();
    const planned = unwrap(await c.api.planHousehold({ mode: 'invest', cash: [{ account: '1', amount: '10000' }] }));
    // Tamper with the saved result: one more share of the first trade.
    const row = c.db.prepare('SELECT result FROM plans WHERE id = ?').get(planned.planId) as { result: string };
    const v = JSON.parse(row.result) as HouseholdPlanView;
    const t = v.plan.trades[0]!;
    t.quantity = String(Number(t.quantity) + 1);
    c.db.prepare('UPDATE plans SET result = ? WHERE id = ?').run(JSON.stringify(v), planned.planId);
    const rerun = unwrap(await c.api.rerunPlan({ id: planned.planId! }));
    expect(rerun.same).toBe(false);
    expect(rerun.differences).toEqual(expect.arrayContaining([expect.stringContaining(`${t.symbol} in ${t.account}: in the saved plan, not in the re-run`)]));
  });
});
