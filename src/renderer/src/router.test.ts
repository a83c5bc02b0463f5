import { describe, expect, it } from 'vitest';
import { hrefForPrint, parseHash, printPlanId } from './router';

describe('the print view’s address', () => {
  it('round-trips a plan id and stays under Plans in the navigation', () => {
    expect(hrefForPrint(12)).toBe('#/plans/12/print');
    expect(printPlanId(hrefForPrint(12))).toBe(12);
    expect(parseHash(hrefForPrint(12))).toEqual({ id: 'plans' });
  });

  it('is only that address', () => {
    expect(printPlanId('#/plans/12')).toBeNull();
    expect(printPlanId('#/plans/x/print')).toBeNull();
    expect(printPlanId('#/rebalance')).toBeNull();
  });
});
