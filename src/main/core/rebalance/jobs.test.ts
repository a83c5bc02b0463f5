// startPlan / getPlanJob / cancelPlan: the search in a worker thread, polled; the finished plan is recorded.
import { describe, expect, it } from 'vitest';
import type { PlanJobView } from '../../../shared/contract.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { openTestCore, ok } from '../../../../tests/support/core.ts';
import type { Core } from '../index.ts';

async function settle(c: Core, jobId: string): Promise<PlanJobView> {
  for (;;) {
    const v = await ok(c.api.getPlanJob({ jobId }));
    if (v.state !== 'running') return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('plan jobs', () => {
  it('plans in a worker what planHousehold plans on the calling thread, and records it', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web' });
    const request = { mode: 'invest' as const, cash: [{ account: '...3319', amount: '5000' }], asOf: '2026-11-29' };
    const { jobId } = await ok(core.api.startPlan(request));
    const job = await settle(core, jobId);
    expect(job).toMatchObject({ state: 'done', error: null, timeLimitMs: 2000 });
    const here = await ok(core.api.planHousehold(request));
    expect(job.result?.plan.trades).toEqual(here.plan.trades);
    expect(job.result?.plan.trades.map((t) => [t.account, t.side, t.quantity, t.symbol])).toEqual([['3', 'buy', '29', 'VTV']]);
    expect(job.bestDrift).toBe(job.result?.plan.drift.after);
    expect(job.result?.planId).toBeGreaterThan(0);
    const n = core.db.prepare('SELECT count(*) AS n FROM plans WHERE id = ?').get(job.result?.planId) as { n: number };
    expect(n.n).toBe(1);
  });

  it('cancels a running plan and reports it cancelled', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web' });
    const { jobId } = await ok(core.api.startPlan({ mode: 'full', asOf: '2026-11-29', timeLimitMs: 60_000 }));
    const cancelled = await ok(core.api.cancelPlan({ jobId }));
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.result).toBeNull();
    // It stays cancelled: a late answer from the terminated worker is ignored.
    await new Promise((r) => setTimeout(r, 200));
    expect((await ok(core.api.getPlanJob({ jobId }))).state).toBe('cancelled');
  });

  it('reports a request that cannot be planned at once, and an unknown job as NOT_FOUND', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web' });
    expect(await core.api.startPlan({ mode: 'full', model: 'Nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.api.getPlanJob({ jobId: 'AAAAAAAAAAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('reports a pinned trade the planner refuses as VALIDATION, up front or as the failed job', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web' });
    // Selling a security the account does not hold is refused, naming the field.
    const started = await core.api.startPlan({ mode: 'pinned', asOf: '2026-11-29', pinned: [{ account: '...3319', symbol: 'ZZZZ', side: 'sell', fraction: '0.2' }] });
    if (!started.ok) {
      expect(started.error.code).toBe('VALIDATION');
      return;
    }
    const job = await settle(core, started.value.jobId);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('VALIDATION');
  });
});
