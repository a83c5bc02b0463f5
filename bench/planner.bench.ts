// The planner on generated households, side by side with the greedy baseline in the same run: D (Σ|Aₛ − Tₛ|),
// drift, whether the optimum was proven (else the stated gap), trades, and p50 time. Each case runs with the
// issue's time goal as its time limit. (HiGHS on the same problem is to come when the dependency is added.)
import os from 'node:os';
import { greedyPlan, parsePlanInput, planWithStats } from '../src/main/core/rebalance/index.ts';
import { generateHousehold } from '../src/main/core/rebalance/testkit.ts';
import { median, time } from './support.ts';

interface Case {
  name: string;
  accounts: number;
  securities: number;
  held: number;
  lots: number;
  goalMs: number;
}

const CASES: Case[] = [
  { name: '1 account × 200 securities', accounts: 1, securities: 200, held: 150, lots: 0, goalMs: 20 },
  { name: '5 accounts × 100 securities, 500 lots', accounts: 5, securities: 100, held: 50, lots: 2, goalMs: 100 },
  { name: '20 accounts × 200 securities, 2,700 lots', accounts: 20, securities: 200, held: 135, lots: 1, goalMs: 1000 },
];
const RUNS = Number(process.env.PLANNER_BENCH_RUNS ?? 5);

console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs, ${RUNS} runs per case (p50)`);
for (const c of CASES) {
  const json = generateHousehold({ accounts: c.accounts, securities: c.securities, heldPerAccount: c.held, lotsPerPosition: c.lots, seed: 42, timeLimitMs: c.goalMs });
  const input = parsePlanInput(json);
  const lotCount = input.positions.reduce((t, p) => t + (p.lots?.length ?? 0), 0);
  let last = planWithStats(input);
  const ours = time(() => (last = planWithStats(input)), RUNS, 1);
  let g = greedyPlan(input);
  const base = time(() => (g = greedyPlan(input)), RUNS, 1);
  const p = last.plan;
  console.log(`\n${c.name} (${input.positions.length} positions, ${lotCount} lots; time limit ${c.goalMs} ms)`);
  console.log(
    `  planner: D ${p.objective}  drift ${p.drift.before} → ${p.drift.after}  ${p.optimal ? 'optimal (proven)' : `gap ≤ ${p.gap} (lower bound ${last.stats.lowerBound})`}  ` +
      `${p.trades.length} trades  p50 ${median(ours).toFixed(1)} ms (goal ≤ ${c.goalMs})${median(ours) <= c.goalMs ? '' : '  ← over goal'}`,
  );
  console.log(`  greedy:  D ${g.objective}  drift ${g.drift.before} → ${g.drift.after}  ${g.trades.length} trades  p50 ${median(base).toFixed(1)} ms`);
  console.log(`  search: ${last.stats.nodes} branch-and-bound nodes`);
}
