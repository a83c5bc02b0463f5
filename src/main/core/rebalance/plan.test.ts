// The planner: concrete plans a user would check by hand, optimality against exhaustive enumeration, and the
// invariants 18–21 of security-reliability.md as properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { ROTATION_TARGETS as rotation, acct, generateHousehold, held, lot, planOptions, rotationEtfs, sec, sellInEither } from './testkit.ts';
import { lpBranch } from './solve/lpbranch.ts';
import { buildProblem, sToDecimal } from './problem.ts';
import { greedy } from './solve/greedy.ts';
import { PlanInputError, parsePlanInput, planFromJson, planRebalance, greedyPlan, verifyPlan, type PlanInputJson, type PlanOutput } from './index.ts';


function rotationHousehold(extra: Partial<PlanInputJson['options']> = {}): PlanInputJson {
  return {
    accounts: [acct('BROKERAGE', 'taxable', '1234.56')],
    securities: rotationEtfs('IWM', 'QQQ', 'XLI', 'VTV'),
    positions: [
      held('BROKERAGE', 'IWM', '10', lot('2025-03-01', '10', '190.00')),
      held('BROKERAGE', 'QQQ', '40', lot('2024-03-01', '30', '400.00'), lot('2026-03-01', '10', '590.00')),
    ],
    model: { targets: rotation, bands: { 'Small-cap': { absolutePp: 5, relativePct: 25 } }, bandRule: 'either' },
    options: planOptions({ cashFlows: { BROKERAGE: '5000' }, ...extra }),
  };
}

const brief = (p: PlanOutput): string[] => p.trades.map((t) => `${t.account} ${t.side} ${t.quantity} ${t.symbol}`);

describe('concrete plans', () => {
  it('IWM and QQQ in one account, 2026 Rotation, $5,000 added: sells QQQ (HIFO lots) and buys the three missing sleeves', () => {
    const plan = planFromJson(rotationHousehold());
    expect(brief(plan)).toEqual(['BROKERAGE sell 24 QQQ', 'BROKERAGE buy 36 IWM', 'BROKERAGE buy 36 VTV', 'BROKERAGE buy 47 XLI']);
    const sell = plan.trades[0];
    // HIFO: the $590 lot (short-term, bought 2026-03-01) first, then 14 of the $400 lot (long-term).
    expect(sell?.lots).toEqual([
      lot('2026-03-01', '10', '590'),
      lot('2024-03-01', '14', '400'),
    ]);
    expect(sell?.gain).toEqual({ short: '201.00', long: '2941.40' });
    expect(sell?.amount).toBe('14642.4');
    expect(plan.objective).toBe('279.56');
    expect(plan.drift).toEqual({ before: '0.634343', after: '0.004263' });
    expect(plan.leftoverCash).toEqual({ BROKERAGE: '40.01' });
    expect(plan.optimal).toBe(true);
    expect(plan.gap).toBe('0');
    expect(sell?.why).toBe('Sell: Large-cap growth 74.42% → 29.77% of the household (target 30%)');
  });

  it('invest mode with the same household buys only, the most underweight sleeves first', () => {
    const plan = planFromJson(rotationHousehold({ mode: 'invest' }));
    expect(plan.trades.every((t) => t.side === 'buy')).toBe(true);
    expect(brief(plan)).toEqual(['BROKERAGE buy 23 IWM', 'BROKERAGE buy 4 VTV', 'BROKERAGE buy 4 XLI']);
    expect(plan.optimal).toBe(true);
    expect(dec(plan.leftoverCash.BROKERAGE ?? '0').greaterThanOrEqualTo(0)).toBe(true);
  });

  it('a fractional account trades in steps of 0.001 share and gets closer than whole shares', () => {
    const whole = planFromJson(rotationHousehold());
    const json = rotationHousehold();
    (json.accounts[0] as { fractional: boolean }).fractional = true;
    const frac = planFromJson(json);
    for (const t of frac.trades) expect(dec(t.quantity).times(1000).isInteger()).toBe(true);
    expect(dec(frac.objective).lessThan(whole.objective)).toBe(true);
  });

  it('the minimum trade drops small trades', () => {
    const plan = planFromJson(rotationHousehold({ minTrade: '7000' }));
    for (const t of plan.trades) expect(dec(t.amount).greaterThanOrEqualTo(7000)).toBe(true);
  });

  it('cash never crosses accounts: an IRA full of cash cannot pay for buys in the brokerage account', () => {
    const json = rotationHousehold();
    json.accounts.push(acct('IRA', 'tax-deferred', '50000'));
    json.buyable = { IRA: ['VTV'], BROKERAGE: ['IWM', 'QQQ', 'XLI'] };
    json.options = { ...json.options, cashFlows: {} };
    const plan = planFromJson(json);
    const spent = (acc: string): number =>
      plan.trades.filter((t) => t.account === acc).reduce((s, t) => s + (t.side === 'buy' ? 1 : -1) * Number(t.amount), 0);
    expect(spent('BROKERAGE')).toBeLessThanOrEqual(1234.56);
    expect(plan.trades.filter((t) => t.account === 'IRA').every((t) => t.symbol === 'VTV')).toBe(true);
  });

  it('ties on D go to fewer trades: two identical small-cap funds, one is bought', () => {
    const plan = planFromJson({
      accounts: [acct('A', 'taxable', '200')],
      securities: [
        sec('IWM', '100', 'Small-cap'),
        sec('VB', '100', 'Small-cap'),
        sec('QQQ', '100', 'Large-cap growth'),
      ],
      positions: [held('A', 'QQQ', '8')],
      model: { targets: { 'Small-cap': 20, 'Large-cap growth': 80 }, bandRule: 'either' },
      options: planOptions(),
    });
    expect(brief(plan)).toEqual(['A buy 2 IWM']);
    expect(plan.objective).toBe('0');
  });

  it('ties on D and trades go to lower estimated tax: the sale happens in the IRA, not the taxable account', () => {
    const plan = planFromJson(sellInEither('TAXABLE', 'IRA', lot('2026-06-01', '10', '10')));
    expect(brief(plan)).toEqual(['IRA sell 5 QQQ', 'IRA buy 5 IWM']);
    expect(plan.trades[0]?.gain).toEqual({ short: '0.00', long: '0.00' });
    expect(plan.optimal).toBe(true);
  });

  it('parsePlanInput names the field path of a bad value', () => {
    const bad = rotationHousehold();
    (bad.securities[1] as { price: string }).price = '61O.10';
    expect(() => parsePlanInput(bad)).toThrow(PlanInputError);
    expect(() => parsePlanInput(bad)).toThrow(/securities\[1\]\.price/);
    const sum = rotationHousehold();
    sum.model.targets = { 'Small-cap': 30 };
    expect(() => parsePlanInput(sum)).toThrow(/model\.targets: targets sum to 30/);
    const acct = rotationHousehold();
    (acct.positions[0] as { account: string }).account = 'NOPE';
    expect(() => parsePlanInput(acct)).toThrow(/positions\[0\]\.account: unknown account "NOPE"/);
    const mode = rotationHousehold({ mode: 'sideways' as 'full' });
    expect(() => parsePlanInput(mode)).toThrow(/options\.mode/);
  });

  it('a 1 ms time limit on a larger household returns a verified plan, optimal: false with a gap ≥ 0', () => {
    const input = parsePlanInput(generateHousehold({ accounts: 5, securities: 100, heldPerAccount: 60, lotsPerPosition: 2, seed: 7, timeLimitMs: 1 }));
    const plan = planRebalance(input);
    expect(plan.optimal).toBe(false);
    expect(dec(plan.gap).greaterThanOrEqualTo(0)).toBe(true);
    expect(dec(plan.gap).lessThanOrEqualTo(plan.objective)).toBe(true);
    expect(verifyPlan(input, plan).ok).toBe(true);
    expect(plan.warnings.some((w) => w.startsWith('time limit of 1 ms reached'))).toBe(true);
  });

  it('the greedy baseline is verified too and never beats the planner', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const input = parsePlanInput(generateHousehold({ accounts: 2, securities: 12, heldPerAccount: 5, lotsPerPosition: 1, seed, timeLimitMs: 500 }));
      const g = greedyPlan(input);
      const p = planRebalance(input);
      expect(dec(p.objective).lessThanOrEqualTo(g.objective)).toBe(true);
    }
  });
});

// ---- Small random households and an exhaustive enumerator (integers only: cents × percent) ----

interface Small {
  json: PlanInputJson;
}

const SLEEVE_NAMES = ['Small-cap', 'Cyclicals', 'Value', 'Large-cap growth', 'Bonds'];

const smallHousehold = fc
  .record({
    nAccounts: fc.integer({ min: 1, max: 2 }),
    secs: fc.array(
      fc.record({
        priceCents: fc.integer({ min: 1500, max: 9000 }),
        sleeve: fc.integer({ min: 0, max: 4 }),
        split: fc.option(fc.record({ other: fc.integer({ min: 0, max: 4 }), pct: fc.constantFrom(25, 40, 50) }), { nil: undefined }),
      }),
      { minLength: 2, maxLength: 4 },
    ),
    accounts: fc.array(
      fc.record({
        cashCents: fc.integer({ min: 0, max: 15000 }),
        reserveCents: fc.constantFrom(0, 0, 2500),
        holdings: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        menuMask: fc.integer({ min: 0, max: 15 }),
        flowCents: fc.constantFrom(0, 0, 5000),
      }),
      { minLength: 2, maxLength: 2 },
    ),
    targets: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 6, maxLength: 6 }),
    mode: fc.constantFrom('full' as const, 'full' as const, 'invest' as const),
    minTradeCents: fc.constantFrom(0, 0, 4000),
  })
  .map((g): Small => {
    const securities = g.secs.map((s, i) => {
      const sleeves: Record<string, number> = { [SLEEVE_NAMES[s.sleeve] as string]: 100 };
      if (s.split && s.split.other !== s.sleeve) {
        sleeves[SLEEVE_NAMES[s.sleeve] as string] = 100 - s.split.pct;
        sleeves[SLEEVE_NAMES[s.split.other] as string] = s.split.pct;
      }
      return { symbol: `X${i}`, price: `${Math.floor(s.priceCents / 100)}.${String(s.priceCents % 100).padStart(2, '0')}`, sleeves };
    });
    // Targets: integer percents summing to 100 over the five sleeves and Cash.
    const raw = g.targets.map((t) => t + 1);
    const total = raw.reduce((a, b) => a + b, 0);
    const pct = raw.map((t) => Math.floor((t * 100) / total));
    pct[0] = (pct[0] as number) + 100 - pct.reduce((a, b) => a + b, 0);
    const targets: Record<string, number> = {};
    [...SLEEVE_NAMES, 'Cash'].forEach((s, i) => {
      if ((pct[i] as number) > 0) targets[s] = pct[i] as number;
    });
    const accounts: PlanInputJson['accounts'] = [];
    const positions: PlanInputJson['positions'] = [];
    const buyable: Record<string, string[]> = {};
    const cashFlows: Record<string, string> = {};
    const money = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
    for (let a = 0; a < g.nAccounts; a++) {
      const acc = g.accounts[a] as (typeof g.accounts)[number];
      const id = `A${a}`;
      accounts.push({ id, taxTreatment: a === 0 ? 'taxable' : 'tax-deferred', cash: money(acc.cashCents), cashReserve: money(acc.reserveCents), fractional: false });
      securities.forEach((s, i) => {
        const q = acc.holdings[i] ?? 0;
        if (q > 0) positions.push({ account: id, symbol: s.symbol, quantity: String(q), lots: [{ acquired: '2026-01-02', quantity: String(q), costPerShare: '20.00' }] });
      });
      // With two accounts keep the search space small: each account buys at most two securities.
      const menu = securities.filter((_, i) => acc.menuMask & (1 << i)).map((s) => s.symbol);
      buyable[id] = g.nAccounts === 2 || menu.length > 0 ? (menu.length > 0 ? menu.slice(0, 2) : [securities[a % securities.length]?.symbol as string]) : menu;
      if (acc.flowCents) cashFlows[id] = money(acc.flowCents);
    }
    return {
      json: {
        accounts,
        securities,
        positions,
        buyable,
        model: { targets, bandRule: 'either' },
        options: { mode: g.mode, cashFlows, minTrade: money(g.minTradeCents), pinned: [], asOf: '2026-11-29', timeLimitMs: 60_000 },
      },
    };
  });

/** The optimum D by trying every whole-share final holding (in units of 1/10,000 of a cent... as cents × percent). */
function enumerateOptimum(json: PlanInputJson): number {
  return enumerateCost(json, { tradeCostCents: 0, turnoverCapCents: null, gainBudgetCents: null });
}

interface Extra {
  tradeCostCents: number;
  turnoverCapCents: number | null;
  /** Net gain of the taxable account's sales (each lot cost 20.00 a share). */
  gainBudgetCents: number | null;
}

/** The optimum J = D + F·trades, in dollars, over every whole-share final holding within the cap and budget. */
function enumerateCost(json: PlanInputJson, extra: Extra): number {
  const toCents = (s: string): number => Math.round(Number(s) * 100); // inputs have at most 2 decimals
  const secs = json.securities.map((s) => ({ symbol: s.symbol, price: toCents(s.price), sleeves: s.sleeves as Record<string, number> }));
  const sleeves = [...new Set([...secs.flatMap((s) => Object.keys(s.sleeves)), ...Object.keys(json.model.targets), 'Cash'])];
  const invest = json.options?.mode === 'invest';
  const minTrade = toCents(json.options?.minTrade ?? '0');
  interface V {
    acc: number;
    sec: number;
    held: number;
    canBuy: boolean;
  }
  const vars: V[] = [];
  const cash: number[] = [];
  const floor: number[] = [];
  json.accounts.forEach((a, ai) => {
    const c = toCents(a.cash) + toCents(json.options?.cashFlows?.[a.id] ?? '0');
    cash.push(c);
    floor.push(Math.min(c, toCents(a.cashReserve ?? '0')));
    secs.forEach((s, si) => {
      const held = Number(json.positions.find((p) => p.account === a.id && p.symbol === s.symbol)?.quantity ?? '0');
      const menu = json.buyable?.[a.id];
      const canBuy = !menu || menu.length === 0 || menu.includes(s.symbol);
      if (held > 0 || canBuy) vars.push({ acc: ai, sec: si, held, canBuy });
    });
  });
  const totalValue =
    cash.reduce((a, b) => a + b, 0) + vars.reduce((t, v) => t + v.held * (secs[v.sec] as { price: number }).price, 0);
  const target = sleeves.map((s) => (json.model.targets[s] as number | undefined ?? 0) * totalValue);
  const A = sleeves.map(() => 0);
  const ci = sleeves.indexOf('Cash');
  let best = Infinity;
  const x: number[] = vars.map(() => 0);
  const cashNow = [...cash];
  let trades = 0;
  let turnover = 0;
  let gain = 0;
  const taxable = json.accounts.map((a) => a.taxTreatment === 'taxable');
  const rec = (j: number): void => {
    if (j === vars.length) {
      if (extra.gainBudgetCents !== null && gain > extra.gainBudgetCents) return;
      A.fill(0);
      cashNow.forEach((c) => (A[ci] = (A[ci] as number) + 100 * c));
      vars.forEach((v, i) => {
        const s = secs[v.sec] as (typeof secs)[number];
        for (const [name, w] of Object.entries(s.sleeves)) {
          const k = sleeves.indexOf(name);
          A[k] = (A[k] as number) + w * s.price * (x[i] as number);
        }
      });
      let d = trades * extra.tradeCostCents * 100;
      sleeves.forEach((_, k) => (d += Math.abs((A[k] as number) - (target[k] as number))));
      if (d < best) best = d;
      return;
    }
    const v = vars[j] as V;
    const price = (secs[v.sec] as { price: number }).price;
    // Sell proceeds still possible from later variables of this account bound what this one can spend.
    let later = 0;
    if (!invest) for (let e = j + 1; e < vars.length; e++) if ((vars[e] as V).acc === v.acc) later += (vars[e] as V).held * (secs[(vars[e] as V).sec] as { price: number }).price;
    const lo = invest ? v.held : 0;
    const hiByCash = v.canBuy ? v.held + Math.floor((cashNow[v.acc] as number) + later - (floor[v.acc] as number) >= 0 ? ((cashNow[v.acc] as number) + later - (floor[v.acc] as number)) / price : -1) : v.held;
    for (let q = lo; q <= Math.max(hiByCash, lo); q++) {
      const trade = q - v.held;
      if (trade !== 0 && Math.abs(trade) * price < minTrade) continue;
      const turn = Math.abs(trade) * price;
      if (extra.turnoverCapCents !== null && turnover + turn > extra.turnoverCapCents) continue;
      const g = trade < 0 && taxable[v.acc] ? -trade * (price - 2000) : 0;
      x[j] = q;
      cashNow[v.acc] = (cashNow[v.acc] as number) - trade * price;
      trades += trade !== 0 ? 1 : 0;
      turnover += turn;
      gain += g;
      const ok = cashNow[v.acc] as number;
      if (ok + later >= (floor[v.acc] as number)) rec(j + 1);
      cashNow[v.acc] = ok + trade * price;
      trades -= trade !== 0 ? 1 : 0;
      turnover -= turn;
      gain -= g;
    }
    x[j] = 0;
  };
  rec(0);
  return best / 10_000; // cents × percent → dollars
}

describe('optimality', () => {
  it('equals exhaustive enumeration on many small random households', () => {
    fc.assert(
      fc.property(smallHousehold, ({ json }) => {
        const plan = planFromJson(json);
        expect(plan.optimal).toBe(true);
        const optimum = enumerateOptimum(json);
        expect(Number(plan.objective)).toBeCloseTo(optimum, 9);
        // Exactly: D × 10,000 is an integer in cents × percent.
        expect(dec(plan.objective).times(10_000).toNumber()).toBe(Math.round(optimum * 10_000));
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('the LP-based branch and bound alone, from the greedy plan, reaches the enumerated optimum and proves it', () => {
    fc.assert(
      fc.property(smallHousehold, ({ json }) => {
        const input = parsePlanInput(json);
        if (input.options.turnoverCap !== null || input.options.gainBudget !== null) return;
        const p = buildProblem(input);
        const st = greedy(p);
        const r = lpBranch(p, { k: [...st.k], d: st.d, trades: st.k.filter((k) => k !== 0).length, turnover: 0n, tax: 0n }, performance.now() + 20_000);
        expect(r.complete).toBe(true);
        expect(r.lowerBound).toBe(r.best.d + p.tradeCost * BigInt(r.best.trades));
        expect(sToDecimal(r.best.d).times(10_000).toNumber()).toBe(Math.round(enumerateOptimum(json) * 10_000));
      }),
      { numRuns: 120, seed: 20261130 },
    );
  });
});

describe('optimality with a trade cost, a turnover cap and a gain budget', () => {
  it('J = D + F·trades equals exhaustive enumeration, within the cap and the budget', () => {
    const money = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
    fc.assert(
      fc.property(
        smallHousehold,
        fc.constantFrom(0, 500, 4000),
        fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 8_000 }), { nil: null }),
        ({ json }, tradeCostCents, turnoverCapCents, gainBudgetCents) => {
          const options = {
            ...json.options,
            tradeCost: money(tradeCostCents),
            ...(turnoverCapCents !== null ? { turnoverCap: money(turnoverCapCents) } : {}),
            ...(gainBudgetCents !== null ? { gainBudget: money(gainBudgetCents) } : {}),
          };
          const withExtra = { ...json, options } as PlanInputJson;
          const plan = planFromJson(withExtra);
          expect(plan.optimal).toBe(true);
          const optimum = enumerateCost(withExtra, { tradeCostCents, turnoverCapCents, gainBudgetCents });
          const j = dec(plan.objective).plus(dec(tradeCostCents).div(100).times(plan.trades.length));
          expect(j.times(10_000).toNumber()).toBe(Math.round(optimum * 10_000));
        },
      ),
      { numRuns: 200, seed: 20261130 },
    );
  });
});

describe('invariants 18–21', () => {
  const check = (json: PlanInputJson): PlanOutput => {
    const input = parsePlanInput(json);
    const plan = planRebalance(input);
    expect(verifyPlan(input, plan)).toMatchObject({ ok: true, problems: [] });
    for (const a of input.accounts) {
      const start = a.cash.plus(input.options.cashFlows.get(a.id) ?? 0);
      let change = dec(0);
      for (const t of plan.trades.filter((t) => t.account === a.id)) change = change.plus(t.side === 'buy' ? dec(t.amount).neg() : dec(t.amount));
      const end = dec(plan.leftoverCash[a.id] as string);
      // 18: trades plus the cash change sum to zero, exactly.
      expect(end.minus(start).minus(change).isZero()).toBe(true);
      // 19: no account spends below its reserve.
      expect(end.greaterThanOrEqualTo(a.cashReserve) || (start.lessThan(a.cashReserve) && end.greaterThanOrEqualTo(start))).toBe(true);
    }
    for (const t of plan.trades) {
      const acc = input.accounts.find((a) => a.id === t.account);
      if (!acc?.fractional) expect(dec(t.quantity).isInteger()).toBe(true);
      if (t.side === 'sell') {
        const held = input.positions.find((p) => p.account === t.account && p.symbol === t.symbol)?.quantity ?? dec(0);
        expect(dec(t.quantity).lessThanOrEqualTo(held)).toBe(true);
        for (const l of t.lots) {
          const lot = input.positions.find((p) => p.account === t.account && p.symbol === t.symbol)?.lots?.find((x) => x.acquired === l.acquired);
          expect(lot && dec(l.quantity).lessThanOrEqualTo(lot.quantity)).toBe(true);
        }
      }
      if (input.options.mode === 'invest') expect(t.side).toBe('buy');
    }
    // 21: a full rebalance never ends worse than it started.
    if (input.options.mode === 'full') expect(dec(plan.drift.after).lessThanOrEqualTo(plan.drift.before)).toBe(true);
    // 20: same input, same output; and the order of the input does not matter (when the search finished: a
    // plan cut off by the clock depends on how far it got). The re-runs get ample time, so that a loaded
    // machine cannot cut off what finished the first time.
    if (!plan.optimal) return plan;
    const ample = { ...json, options: { ...json.options, timeLimitMs: 20_000 } };
    // (elapsedMs, the planner's own time, is the one field that differs.)
    const same = { ...plan, elapsedMs: expect.any(Number) };
    expect(planFromJson(ample)).toEqual(same);
    const shuffled: PlanInputJson = {
      ...ample,
      accounts: [...json.accounts].reverse(),
      securities: [...json.securities].reverse(),
      positions: [...json.positions].reverse(),
      model: { ...json.model, targets: Object.fromEntries(Object.entries(json.model.targets).reverse()) },
    };
    expect(planFromJson(shuffled)).toEqual(same);
    return plan;
  };

  it('hold on random small households (full and invest)', () => {
    fc.assert(
      fc.property(smallHousehold, ({ json }) => {
        check(json);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('hold on generated multi-account households with lots ($50k–$700k accounts, thousands of shares)', () => {
    let proven = 0;
    for (let seed = 1; seed <= 4; seed++) {
      for (const mode of ['full', 'invest'] as const) {
        const json = generateHousehold({ accounts: 2, securities: 8, heldPerAccount: 3, lotsPerPosition: 2, seed, mode, menu: 1, timeLimitMs: 1000 });
        const plan = check(json);
        if (plan.optimal) proven++;
        else expect(dec(plan.gap).greaterThan(0)).toBe(true);
      }
    }
    // With the LP-based branch and bound all 8 are proven within the second on this machine (3 were before it;
    // a loaded machine may cut one or two short).
    expect(proven).toBeGreaterThanOrEqual(6);
  });

  it('an already balanced portfolio yields no trades', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ price: fc.integer({ min: 1, max: 50 }), qty: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('full' as const, 'invest' as const),
        (holdings, mode) => {
          // Sleeve values in whole dollars and a household worth exactly $1,000: every target is an exact percentage.
          const sleeves = ['Small-cap', 'Cyclicals', 'Value', 'Bonds'];
          const used = holdings.reduce((t, h) => t + h.price * h.qty, 0);
          const cash = 1000 - used;
          if (cash < 0) return;
          const targets: Record<string, number> = {};
          holdings.forEach((h, i) => (targets[sleeves[i] as string] = (h.price * h.qty) / 10));
          if (cash > 0) targets.Cash = cash / 10;
          const plan = planFromJson({
            accounts: [{ id: 'A', taxTreatment: 'taxable', cash: String(cash), cashReserve: '0', fractional: false }],
            securities: holdings.map((h, i) => ({ symbol: `B${i}`, price: String(h.price), sleeves: { [sleeves[i] as string]: 100 } })),
            positions: holdings.map((h, i) => ({ account: 'A', symbol: `B${i}`, quantity: String(h.qty) })),
            model: { targets, bandRule: 'either' },
            options: { mode, cashFlows: {}, minTrade: '0', pinned: [], asOf: '2026-11-29' },
          });
          expect(plan.trades).toEqual([]);
          expect(plan.objective).toBe('0');
          expect(plan.optimal).toBe(true);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });
});
