// The min-cash mode: the smallest contribution with which a buy-only plan brings every banded sleeve into band.
import { band } from '../../allocation/bands.ts';
import { Decimal, dec, moneyString } from '../../money.ts';
import { buildProblem, type Problem, type PVar } from '../problem.ts';
import { renderPlan } from '../render.ts';
import { solve, type Solved } from '../solve/pipeline.ts';
import { State } from '../state.ts';
import { PlanInputError, type PlanInput } from '../types.ts';
import { sleeveBands } from './rules.ts';
import type { ModePlan, PlanRun } from './run.ts';

/**
 * Minimum-cash mode: the smallest new contribution (in cents) to one account (options.minCashAccount, default
 * the first account listed) with which a buy-only plan brings every banded sleeve into its band (with
 * options.toTarget: and every banded sleeve that starts below its target up to at least its target).
 *
 * Feasibility of an amount c is an exact optimisation: for each banded sleeve s with edges [Lₛ, Hₛ] (L rounded
 * up, H down, to a millionth of V) the problem gets two rows, Aₛ − Lₛ and Aₛ − Hₛ, and no Cash row. Since
 * |A − L| + |A − H| ≥ H − L with equality exactly when L ≤ A ≤ H, the minimum of Σ rows is Σ(Hₛ − Lₛ) iff
 * some buy-only plan puts every banded sleeve in band — and the plan found is then the witness. Amounts are
 * searched by doubling, then bisection on cents; the final amount's plan is verified. (Feasibility is not
 * monotone in c in every whole-share case; the answer is the smallest feasible amount the bisection meets,
 * proven smallest only where every smaller amount it tried was proven infeasible.)
 */
export function planMinCash(input: PlanInput, run: PlanRun): ModePlan {
  const accountId = input.options.minCashAccount ?? input.accounts[0]?.id;
  if (!accountId || !input.accounts.some((a) => a.id === accountId)) throw new PlanInputError(`unknown account "${accountId}"`, 'options.minCashAccount');
  const bands = sleeveBands(input).filter((b) => input.model.bands.has(b.sleeve));
  if (bands.length === 0) throw new PlanInputError('min-cash needs bands in the model (a sleeve with no band is never out of band)', 'model.bands');
  const perCheck = Math.max(50, Math.floor(run.limit / 10));
  let uncertain = false;
  // attempt(c): is there a deposit d ≤ c (cents) and a buy-only plan with every banded sleeve in band? The
  // deposit is a variable of the problem (monotone in c: what works with c works with more), so the bisection
  // below is exact wherever each check is proven. The rows are built on V without the contribution; the
  // deposit variable moves V (and so each edge row by −edge per cent) and the account's cash.
  const attempt = (cents: bigint): { ok: boolean; deposit: bigint; p: Problem; r: Solved } => {
    const flows = new Map(input.options.cashFlows);
    flows.set(accountId, (flows.get(accountId) ?? new Decimal(0)).plus(dec(cents.toString()).div(100)));
    const withCash: PlanInput = { ...input, options: { ...input.options, mode: 'invest', cashFlows: flows } };
    const p = buildProblem(withCash);
    const CENT = 10_000_000_000n; // $0.01 in M units
    const ai = p.accounts.findIndex((x) => x.id === accountId);
    const V0 = p.value - cents * CENT;
    const rowsU: bigint[] = [];
    const rowOf = new Map<number, number[]>();
    const depositCoef: bigint[] = [];
    for (const b of bands) {
      const s = p.sleeves.indexOf(b.sleeve);
      const cfg = input.model.bands.get(b.sleeve);
      if (!cfg) continue;
      const e = band(b.target, cfg.absolutePp, cfg.relativePct, input.model.bandRule);
      // toTarget: a sleeve below its target before must reach it (its lower edge is the target).
      const low = input.options.toTarget && b.current.lessThan(b.target) ? Decimal.max(e.low, b.target) : e.low;
      const loM = BigInt(low.div(100).times(1e6).ceil().toFixed(0));
      const hiM = BigInt(e.high.div(100).times(1e6).floor().toFixed(0));
      const A = (p.u0[s] as bigint) + (p.target[s] as bigint);
      rowOf.set(s, [rowsU.length, rowsU.length + 1]);
      rowsU.push(A - loM * V0, A - hiM * V0);
      depositCoef.push(loM * CENT, hiM * CENT);
    }
    const vars: PVar[] = p.vars.map((v) => {
      const sleeves: number[] = [];
      const coef: bigint[] = [];
      v.sleeves.forEach((s, x) => {
        for (const row of rowOf.get(s) ?? []) {
          sleeves.push(row);
          coef.push(v.coef[x] as bigint);
        }
      });
      return { ...v, sleeves, coef, coefF: coef.map((c) => Number(c) / 1e18) };
    });
    // The deposit, as a "sale" of cents: k = −d raises the account's cash by d cents and V by d cents. Each row
    // pair sums to 2·dist(A, [L·V, H·V]) + (H − L)·V, and V grows with d; one more row, −Big + W·d with
    // W = Σ(H − L) per cent and Big ≥ W·c (so it is never positive), adds Big − W·d and cancels that growth:
    // the objective is 2·Σ dist + a constant, minimal (= the constant) exactly when every banded sleeve is in
    // band, whatever the deposit.
    let W = 0n;
    for (let i = 0; i < depositCoef.length; i += 2) W += (depositCoef[i + 1] as bigint) - (depositCoef[i] as bigint);
    rowsU.push(-(W * cents) - 1n);
    depositCoef.push(-W);
    const rows = rowsU.map((_, i) => i);
    vars.push({
      account: ai,
      sec: -1,
      held: 0n,
      unit: CENT,
      kmin: -Number(cents),
      kmax: 0,
      minSteps: 1,
      sleeves: rows,
      coef: depositCoef,
      coefF: depositCoef.map((c) => Number(c) / 1e18),
      lots: null,
      taxable: false,
    });
    const accounts = p.accounts.map((x, i) => (i === ai ? { ...x, cash: x.cash - cents * CENT, floor: x.floor > x.cash - cents * CENT ? x.cash - cents * CENT : x.floor } : x));
    const pr: Problem = { ...p, accounts, sleeves: rows.map((i) => `row${i}`), cashSleeve: -1, target: rows.map(() => 0n), u0: rowsU, vars };
    const r = solve(pr, performance.now(), perCheck, run.onBetter);
    const deposit = BigInt(-(r.best.k[vars.length - 1] as number));
    // In band iff every row pair meets its width: |A−L·V| + |A−H·V| = (H−L)·V exactly when L·V ≤ A ≤ H·V.
    const st = new State(pr);
    r.best.k.forEach((x, j) => st.apply(j, x));
    let inBand = V0 + deposit * CENT > 0n;
    for (let i = 0; i + 1 < rowsU.length; i += 2) {
      const lo = st.u[i] as bigint;
      const hi = st.u[i + 1] as bigint;
      if (lo < 0n || hi > 0n) inBand = false;
    }
    if (!inBand && !r.optimal) uncertain = true;
    return { ok: inBand, deposit, p, r };
  };
  let lo = 0n; // the largest amount found (or taken, on a time-out) to be infeasible
  let hi = 0n;
  let found = attempt(0n);
  if (!found.ok) {
    hi = 100n;
    for (;;) {
      found = attempt(hi);
      if (found.ok) break;
      lo = hi;
      if (hi > 10n ** 15n) throw new PlanInputError('no contribution up to $10 trillion brings every sleeve into its band by buying', 'options.mode');
      hi *= 2n;
    }
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      const t = attempt(mid);
      if (t.ok) {
        hi = mid;
        found = t;
      } else lo = mid;
    }
  }
  // The witness may deposit less than the amount searched (only when a check was cut short): plan with that.
  while (found.deposit < hi) {
    hi = found.deposit;
    const again = attempt(hi);
    if (!again.ok) break;
    found = again;
  }
  const total = moneyString(dec(hi.toString()).div(100));
  const extra = uncertain ? ['the time limit cut some feasibility checks short: a smaller amount may also suffice'] : [];
  const plan = renderPlan(found.p, found.r.best.k.slice(0, found.p.vars.length), !uncertain, 0n, extra);
  plan.minCash = { total, perAccount: { [accountId]: total } };
  return { plan, r: { ...found.r, optimal: !uncertain } };
}
