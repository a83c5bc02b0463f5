// The planner on the households individual investors have, beside HiGHS in the same run (npm run bench planner):
//   typical        3 accounts × 12 lumpy funds ($20–$600), some split across two sleeves, lots in taxable accounts;
//   sleeve per fund one account of 50 funds, each fund its own sleeve ("VTI 40, VXUS 20, BND 40"), $50k–$700k.
// Per household: ours once with the app's default time limit (2 s; its elapsedMs, proven or its gap, trades), and
// HiGHS's least D (full MIP) and fewest trades at that D (a second MIP with binary trade indicators), both
// re-evaluated exactly. Summary per family: how many ours proved, p50/max of our time, D against HiGHS's proven
// optimum, and our trades against the fewest.
import os from 'node:os';
import { Decimal } from '../src/main/core/money.ts';
import { parsePlanInput, planWithStats } from '../src/main/core/rebalance/index.ts';
import { sleevePerFund, smallHousehold } from '../src/main/core/rebalance/oracle/households.ts';
import { buildProblem, sToDecimal } from '../src/main/core/rebalance/problem.ts';
import type { PlanInputJson } from '../src/main/core/rebalance/types.ts';
import { loadHighs, solveLexicographic } from './highs.ts';
import { median } from './support.ts';

const SEEDS = Number(process.env.PLANNER_BENCH_SEEDS ?? 8);
const HIGHS_S = Number(process.env.HIGHS_TIME_SCALE ?? 1) * 5;
const LIMIT_MS = 2000;

const families: { name: string; json: (seed: number) => PlanInputJson }[] = [
  { name: 'typical: 3 accounts × 12 lumpy funds, lots', json: (seed) => smallHousehold(seed, { accounts: 3, securities: 12, mode: 'full', lots: true, menus: false }, LIMIT_MS) },
  { name: 'sleeve per fund: 1 account × 50 funds', json: (seed) => sleevePerFund(seed, 50, LIMIT_MS) },
];

const highs = await loadHighs();
console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs; ours: one run per household, time limit ${LIMIT_MS} ms; HiGHS ${HIGHS_S} s per solve`);
// One plan first, so the JIT has compiled the planner before anything is timed.
planWithStats(parsePlanInput(smallHousehold(999, undefined, 200)));
for (const f of families) {
  console.log(`\n${f.name} (${SEEDS} households)`);
  const times: number[] = [];
  let proven = 0;
  let tiesProven = 0;
  let highsProven = 0;
  let dEqual = 0;
  let tradesEqual = 0;
  let tradesCompared = 0;
  let highsMs = 0;
  let excess = new Decimal(0);
  for (let seed = 1; seed <= SEEDS; seed++) {
    const input = parsePlanInput(f.json(seed));
    const r = planWithStats(input);
    const ms = r.plan.elapsedMs ?? r.stats.ms;
    times.push(ms);
    if (r.plan.optimal) proven++;
    if (r.stats.tiesProven) tiesProven++;
    const h = solveLexicographic(highs, buildProblem(input), HIGHS_S);
    highsMs += h.ms;
    const d = new Decimal(r.plan.objective);
    const hd = h.d === null ? null : sToDecimal(h.d);
    let note: string;
    if (hd) {
      highsProven++;
      const diff = d.minus(hd);
      excess = excess.plus(diff);
      if (diff.abs().lessThan('0.01')) dEqual++;
      note = `HiGHS D ${hd.toFixed(2)}${diff.greaterThan('0.005') ? ` (ours +${diff.toFixed(2)})` : ''}`;
      if (h.trades !== null && diff.abs().lessThan('0.01')) {
        tradesCompared++;
        if (h.trades === r.plan.trades.length) tradesEqual++;
        note += `, fewest trades ${h.trades}`;
      }
    } else note = `HiGHS: ${h.status.join('/')}`;
    if (h.problems.length) note += ` — HiGHS FAILS OUR CHECKS: ${h.problems.join('; ')}`;
    const status = r.plan.optimal ? `proven${r.stats.tiesProven ? ' (ties too)' : ''}` : `gap ≤ ${new Decimal(r.plan.gap).toFixed(2)}`;
    console.log(`  seed ${seed}: ours D ${d.toFixed(2)} ${status}, ${r.plan.trades.length} trades, ${ms} ms; ${note} (${h.ms.toFixed(0)} ms)`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `  ours proved ${proven}/${SEEDS} (ties ${tiesProven}/${SEEDS}); time p50 ${median(times).toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms; ` +
      `HiGHS proved D on ${highsProven}/${SEEDS} in ${(highsMs / 1000).toFixed(1)} s in all (ratio ours/HiGHS time ${(times.reduce((t, x) => t + x, 0) / highsMs).toFixed(3)}); ` +
      `ours D = HiGHS's on ${dEqual}/${highsProven} (ours − HiGHS in all: $${excess.toFixed(2)}); trades = fewest on ${tradesEqual}/${tradesCompared}`,
  );
}
