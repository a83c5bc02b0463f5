// The planner against HiGHS on 100 generated small households (oracle/check.ts). No time is asserted: the
// limits only keep the suite short (more seeds, with longer limits, in oracle.stress.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { loadHighs } from '../../../../../bench/highs.ts';
import { oracleRow, type OracleRow } from './check.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

function checkRows(rows: OracleRow[]): { provenByBoth: number; tradesCompared: number } {
  let provenByBoth = 0;
  let tradesCompared = 0;
  for (const { seed, ours, highs: h } of rows) {
    expect(h.problems, `seed ${seed}: HiGHS's answer fails our checks`).toEqual([]);
    if (h.d === null) continue;
    // Our bound is a bound; HiGHS's optimum is no better than our plan.
    expect(ours.lowerBound.lessThanOrEqualTo(h.d.plus('0.01')), `seed ${seed}: lower bound ${ours.lowerBound} above HiGHS's D ${h.d}`).toBe(true);
    expect(ours.d.greaterThanOrEqualTo(h.d.minus('0.01')), `seed ${seed}: D ${ours.d} below HiGHS's optimum ${h.d}`).toBe(true);
    if (!ours.optimal) continue;
    provenByBoth++;
    expect(ours.d.minus(h.d).abs().lessThan('0.01'), `seed ${seed}: proven D ${ours.d}, HiGHS ${h.d}`).toBe(true);
    // The trade count is the fewest at that D when the planner settled its ties exactly.
    if (h.trades === null || !ours.tiesProven) continue;
    tradesCompared++;
    expect(ours.trades, `seed ${seed}: trades at the optimal D`).toBe(h.trades);
  }
  return { provenByBoth, tradesCompared };
}

describe('the planner against HiGHS on generated small households', () => {
  it('100 seeds: bounds hold, proven plans have the least D and the fewest trades at it', () => {
    const rows: OracleRow[] = [];
    for (let seed = 0; seed < 100; seed++) {
      const row = oracleRow(highs, seed, 300, 0.4);
      if (row) rows.push(row);
    }
    expect(rows.length).toBeGreaterThanOrEqual(90);
    const { provenByBoth, tradesCompared } = checkRows(rows);
    // About half the seeds are proven by both on an idle machine (49 measured; the hard full-mode households are the
    // rest). How many depends on the machine's speed under the 300 ms limit, so the floor is well below that: it only
    // guards against a planner that stops proving anything, while every proven seed above is checked exactly.
    expect(provenByBoth).toBeGreaterThanOrEqual(25);
    expect(tradesCompared).toBeGreaterThanOrEqual(15);
  }, 300_000);
});
