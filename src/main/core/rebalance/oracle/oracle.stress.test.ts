// The oracle (oracle/check.ts) on 100 more seeds with the app's default time limit and HiGHS given 3 s per solve
// (npm run test:stress). The same assertions as oracle.test.ts; no time is asserted.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { loadHighs } from '../../../../../bench/highs.ts';
import { oracleRow } from './check.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

describe('the planner against HiGHS, stress', () => {
  it('seeds 100–199', () => {
    for (let seed = 100; seed < 200; seed++) {
      const row = oracleRow(highs, seed, 2000, 3);
      if (!row) continue;
      const { ours, highs: h } = row;
      expect(h.problems, `seed ${seed}`).toEqual([]);
      if (h.d === null) continue;
      expect(ours.lowerBound.lessThanOrEqualTo(h.d.plus('0.01')), `seed ${seed}: lower bound`).toBe(true);
      expect(ours.d.greaterThanOrEqualTo(h.d.minus('0.01')), `seed ${seed}: D below the optimum`).toBe(true);
      if (!ours.optimal) continue;
      expect(ours.d.minus(h.d).abs().lessThan('0.01'), `seed ${seed}: proven D`).toBe(true);
      if (h.trades !== null && ours.tiesProven) expect(ours.trades, `seed ${seed}: trades`).toBe(h.trades);
    }
  }, 3_600_000);
});
