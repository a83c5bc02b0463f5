// The planner on generated households, side by side in one run with the greedy baseline and with HiGHS on the
// same problem: D (Σ|Aₛ − Tₛ|, dollars), whether the optimum was proven (else the stated gap), trades, time.
//   ours        planWithStats, the issue's time goal as its time limit, p50 of RUNS runs after warm-up runs
//               (steady state); its first run in the process on its own (cold JIT); and once more with
//               HiGHS's full-MIP time limit (D at equal time);
//   greedy      greedyPlan, p50;
//   HiGHS full  the whole-share MIP (bench/highs.ts), one run, time-limited (HIGHS_FULL_S);
//   HiGHS restr the restricted multiple-choice formulation (LP relaxation → {hold, a−1..a+2} → MIP), one run.
// HiGHS's integer answers are re-evaluated exactly with our BigInt model (D, bounds, cash ≥ floor, verifyPlan):
// "D exact" is that recomputed D, and an answer failing a check is flagged and never counted as the best D.
// Lots do not change D (they only break ties by estimated tax).
import os from 'node:os';
import { Decimal } from '../src/main/core/money.ts';
import { greedyPlan, parsePlanInput, planWithStats } from '../src/main/core/rebalance/index.ts';
import { buildProblem, sToDecimal, type Problem } from '../src/main/core/rebalance/problem.ts';
import { generateHousehold } from '../src/main/core/rebalance/testkit.ts';
import { loadHighs, solveFull, solveRestricted, type HighsRun } from './highs.ts';
import { median, time } from './support.ts';

interface Case {
  name: string;
  accounts: number;
  securities: number;
  held: number;
  lots: number;
  goalMs: number;
  /** HiGHS time limits, seconds: the full MIP and the restricted formulation. */
  fullS: number;
  restrictedS: number;
}

const scale = Number(process.env.HIGHS_TIME_SCALE ?? 1);
const CASES: Case[] = [
  { name: '1 account × 200 securities', accounts: 1, securities: 200, held: 150, lots: 0, goalMs: 20, fullS: 5, restrictedS: 2 },
  { name: '5 accounts × 100 securities, 500 lots', accounts: 5, securities: 100, held: 50, lots: 2, goalMs: 100, fullS: 5, restrictedS: 2 },
  { name: '20 accounts × 200 securities, 2,700 lots', accounts: 20, securities: 200, held: 135, lots: 1, goalMs: 1000, fullS: 10, restrictedS: 10 },
];
const RUNS = Number(process.env.PLANNER_BENCH_RUNS ?? 7);
const WARM_MS = Number(process.env.PLANNER_BENCH_WARM_MS ?? 1500);

const usd = (d: Decimal): string => d.toFixed(2);
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

/** Problem options HiGHS's model (bench/highs.ts) does not carry, if the planner's Problem has them set. */
function unmodelled(p: Problem): string[] {
  const x = p as Problem & { gainBudget?: bigint | null; turnoverCap?: bigint | null; tradeCost?: bigint };
  const out: string[] = [];
  if (x.gainBudget != null) out.push('gain budget');
  if (x.turnoverCap != null) out.push('turnover cap');
  if (x.tradeCost) out.push('trade cost');
  return out;
}

function highsRow(label: string, r: HighsRun, limitS: number): { line: string; d: Decimal | null; notes: string[] } {
  const notes: string[] = [];
  const ok = r.exact !== null && r.exact.problems.length === 0;
  const d = r.exact ? sToDecimal(r.exact.d) : null;
  const bound = Number.isFinite(r.dualBound) ? `, bound ${r.dualBound.toFixed(2)}` : '';
  const status = `${r.status}${bound}`;
  if (r.exact && r.exact.problems.length) notes.push(`${label} FAILS our checks: ${r.exact.problems.join('; ')}`);
  if (r.exact && d && Math.abs(d.toNumber() - r.objective) > 0.005) notes.push(`${label}: HiGHS's float objective ${r.objective} vs exact D ${d.toFixed()}`);
  if (r.note) notes.push(`${label}: ${r.note}`);
  notes.push(`${label}: ${r.size}`);
  const line =
    `  ${pad(label, 17)}${lpad(d ? usd(d) : '—', 14)}  ${pad(ok ? status : r.exact ? `${status}, FAILS CHECKS` : `${status}, no solution`, 40)}` +
    `${lpad(r.exact ? String(r.exact.trades) : '—', 6)}${lpad(ms(r.ms), 10)} ms  (1 run, limit ${limitS} s)`;
  return { line, d: ok ? d : null, notes };
}

const highs = await loadHighs();
console.log(
  `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs, HiGHS ${highs.version.string} (WebAssembly, 1 thread); ` +
    `ours/greedy: ${RUNS} runs per case (p50), HiGHS: 1 run per variant`,
);
for (const c of CASES) {
  const json = generateHousehold({ accounts: c.accounts, securities: c.securities, heldPerAccount: c.held, lotsPerPosition: c.lots, seed: 42, timeLimitMs: c.goalMs });
  const input = parsePlanInput(json);
  const lotCount = input.positions.reduce((t, p) => t + (p.lots?.length ?? 0), 0);
  // The first plan in a fresh process runs before the JIT has compiled the planner: timed on its own (cold).
  // Then warm-up runs until WARM_MS of planning (at least 2), then the timed runs (p50): the steady state of a
  // process that has planned before, as a benchmark measures.
  const c0 = performance.now();
  const cold = planWithStats(input);
  const coldMs = performance.now() - c0;
  let last = cold;
  const w0 = performance.now();
  for (let w = 0; w < 2 || (performance.now() - w0 < WARM_MS && w < 50); w++) last = planWithStats(input);
  const timed: ReturnType<typeof planWithStats>[] = [];
  const ours = time(() => timed.push((last = planWithStats(input))), RUNS, 0);
  // The timed run with the worst D is the one reported (and counted against the optimum).
  for (const r of timed) if (new Decimal(r.plan.objective).greaterThan(last.plan.objective)) last = r;
  const provenRuns = timed.filter((r) => r.plan.optimal).length;
  // (Greedy is slow on the largest case: one timed run when the warm-up takes over a second, to keep the bench short.)
  const g0 = performance.now();
  let g = greedyPlan(input);
  const greedyRuns = performance.now() - g0 > 1000 ? 1 : RUNS;
  const base = time(() => (g = greedyPlan(input)), greedyRuns, 0);
  // Ours once more with HiGHS's full-MIP time limit, to compare D at equal time.
  const long = planWithStats({ ...input, options: { ...input.options, timeLimitMs: c.fullS * scale * 1000 } });
  const p = buildProblem(input);
  const full = solveFull(highs, p, c.fullS * scale);
  const restricted = solveRestricted(highs, p, c.restrictedS * scale);

  const plan = last.plan;
  const oursD = new Decimal(plan.objective);
  const greedyD = new Decimal(g.objective);
  const oursMs = median(ours);
  console.log(`\n${c.name} (${input.positions.length} positions, ${lotCount} lots, ${p.vars.length} variables; our time limit = goal ${c.goalMs} ms)`);
  console.log(`  ${pad('', 17)}${lpad('D ($)', 14)}  ${pad('status', 40)}${lpad('trades', 6)}${lpad('time', 13)}`);
  const ourStatus = plan.optimal ? 'optimal (proven)' : `gap ≤ ${usd(new Decimal(plan.gap))} (lower bound ${usd(new Decimal(last.stats.lowerBound))})`;
  console.log(
    `  ${pad('ours', 17)}${lpad(usd(oursD), 14)}  ${pad(ourStatus, 40)}${lpad(String(plan.trades.length), 6)}${lpad(ms(oursMs), 10)} ms  ` +
      `(p50; goal ≤ ${c.goalMs})${oursMs <= c.goalMs ? '' : '  ← over goal'}; the worst D of ${RUNS} timed runs, ${provenRuns} of them proven optimal`,
  );
  const coldStatus = cold.plan.optimal ? 'optimal (proven)' : `gap ≤ ${usd(new Decimal(cold.plan.gap))}`;
  console.log(
    `  ${pad('ours, first run', 17)}${lpad(usd(new Decimal(cold.plan.objective)), 14)}  ${pad(coldStatus, 40)}${lpad(String(cold.plan.trades.length), 6)}${lpad(ms(coldMs), 10)} ms  (cold: the process's first plan)`,
  );
  const longD = new Decimal(long.plan.objective);
  const longStatus = long.plan.optimal ? 'optimal (proven)' : `gap ≤ ${usd(new Decimal(long.plan.gap))} (lower bound ${usd(new Decimal(long.stats.lowerBound))})`;
  console.log(
    `  ${pad(`ours, ${c.fullS * scale} s limit`, 17)}${lpad(usd(longD), 14)}  ${pad(longStatus, 40)}${lpad(String(long.plan.trades.length), 6)}${lpad(ms(long.stats.ms), 10)} ms  (1 run)`,
  );
  console.log(`  ${pad('greedy', 17)}${lpad(usd(greedyD), 14)}  ${pad('', 40)}${lpad(String(g.trades.length), 6)}${lpad(ms(median(base)), 10)} ms  (${greedyRuns === 1 ? '1 run' : 'p50'})`);
  const fr = highsRow('HiGHS full MIP', full, c.fullS * scale);
  const rr = highsRow('HiGHS restricted', restricted, c.restrictedS * scale);
  console.log(fr.line);
  console.log(rr.line);

  const candidates: [string, Decimal | null][] = [
    ['ours', oursD],
    [`ours at ${c.fullS * scale} s`, longD],
    ['greedy', greedyD],
    ['HiGHS full', fr.d],
    ['HiGHS restricted', rr.d],
  ];
  let best: [string, Decimal] = ['ours', oursD];
  for (const [name, d] of candidates) if (d && d.lessThan(best[1])) best = [name, d];
  const bounds = [new Decimal(last.stats.lowerBound), new Decimal(long.stats.lowerBound)];
  if (long.plan.optimal) bounds.push(longD);
  if (full.status === 'optimal' && fr.d) bounds.push(fr.d);
  else if (Number.isFinite(full.dualBound)) bounds.push(new Decimal(full.dualBound).minus('0.000001'));
  const lower = bounds.reduce((a, b) => (b.greaterThan(a) ? b : a));
  const diff = oursD.minus(best[1]);
  const bestHighs = [fr.d, rr.d].filter((d): d is Decimal => d !== null).reduce<Decimal | null>((a, b) => (a === null || b.lessThan(a) ? b : a), null);
  const vsHighs = bestHighs ? oursD.minus(bestHighs) : null;
  console.log(
    `  ours D − best D: ${usd(diff)} (best ${usd(best[1])}: ${best[0]})${diff.greaterThan(0) ? '  ← a better D exists' : ''}; ` +
      `ours D − best HiGHS D: ${vsHighs ? usd(vsHighs) : '—'}${vsHighs?.greaterThan(0) ? '  ← HiGHS beats our D' : ''}; ` +
      `best lower bound ${usd(lower)}${best[1].minus(lower).lessThanOrEqualTo('0.005') ? ' (the best D is optimal)' : ''}`,
  );
  console.log(`  time ours / HiGHS: full ${(oursMs / full.ms).toFixed(3)}, restricted ${(oursMs / restricted.ms).toFixed(3)}`);
  const missing = unmodelled(p);
  for (const n of [...fr.notes, ...rr.notes]) console.log(`    · ${n}`);
  if (missing.length) console.log(`    · HiGHS's model omits: ${missing.join(', ')} (set in this input)`);
  console.log(`    · ours: ${last.stats.nodes} branch-and-bound nodes`);
}
