// No churn: a plan that sells a security in one account and buys it in another, when D does not need it, is
// undone by exchanges that move no household total.
//
// D depends on each security's household total and on the household's cash, never on which account holds what:
// selling q fewer X in account a and buying q fewer X in account b leaves every sleeve, and so D, exactly as it
// was — only the two accounts' cash moves (a has q·pₓ less, b q·pₓ more). When a has no cash to spare, a second
// security Y makes up for it the other way round (a buys r fewer Y or sells r more, b buys r more or sells r
// fewer), again without moving a total. Such an exchange is taken when it keeps every floor, the turnover cap and
// the gain budget and the plan is then lexicographically better — fewer trades, else less turnover, else less
// estimated tax — at the same J. Exact (the state's BigInt arithmetic); until no exchange helps or the deadline.
import type { Problem, PVar } from '../problem.ts';
import { allowed, betterSolution, solutionOf, type State } from '../state.ts';

/** Applies exchanges to `st` while one makes the plan better; returns whether any did. */
export function undoChurn(p: Problem, st: State, deadline: number): boolean {
  // Variables per (security, account), and per security.
  const at = new Map<string, number>();
  const bySec = new Map<number, number[]>();
  p.vars.forEach((v, j) => {
    at.set(`${v.sec}:${v.account}`, j);
    bySec.set(v.sec, [...(bySec.get(v.sec) ?? []), j]);
  });
  let improved = false;
  // First improvement: each exchange taken as soon as it is found, then the search starts again.
  for (let round = 0; round < 10_000 && performance.now() < deadline; round++) {
    const before = solutionOf(p, st);
    let best: { moves: [number, number][]; sol: ReturnType<typeof solutionOf> } | null = null;
    let late = false;
    const tryMoves = (moves: [number, number][]): void => {
      // (Each try costs a pass over the plan: the clock is checked at every one.)
      if (late || (late = performance.now() > deadline)) return;
      for (const [j, t] of moves) {
        const v = p.vars[j] as PVar;
        const k = (st.k[j] as number) + t;
        if (k < v.kmin || k > v.kmax || !allowed(v, k)) return;
      }
      for (const [j, t] of moves) st.apply(j, t);
      const sol = solutionOf(p, st);
      if (st.feasible() && sol.d === before.d && betterSolution(p, sol, before)) best = { moves, sol };
      for (const [j, t] of moves) st.apply(j, -t);
    };
    p.vars.forEach((va, ja) => {
      const ka = st.k[ja] as number;
      if (ka >= 0 || best || late) return;
      // ja sells X in account a; jb buys X in account b.
      for (const jb of bySec.get(va.sec) ?? []) {
        const vb = p.vars[jb] as PVar;
        // (Same step in both accounts: a fractional account's step would move the total.)
        if (best || vb.account === va.account || (st.k[jb] as number) <= 0 || vb.unit !== va.unit) continue;
        const q = Math.min(-ka, st.k[jb] as number);
        const xa = va.unit;
        const spare = (st.cash[va.account] as bigint) - (p.accounts[va.account]?.floor ?? 0n);
        // Without help, as much as a's spare cash allows (all of it when it can).
        const alone = Number(spare / xa) < q ? Number(spare / xa) : q;
        if (alone > 0) tryMoves([[ja, alone], [jb, -alone]]);
        if (alone === q) continue;
        // With a second security Y: a gives up r·p_Y of Y to b, making up for the q·pₓ it no longer raises. Both
        // accounts keep their floors when q·pₓ − spareₐ ≤ r·p_Y ≤ q·pₓ + spare_b; when that window holds no multiple
        // of p_Y, a few shares fewer of X (q − 1, …) may fit it (the same trades, less turnover).
        const spareB = (st.cash[vb.account] as bigint) - (p.accounts[vb.account]?.floor ?? 0n);
        p.vars.forEach((ya, jya) => {
          if (best || late || ya.account !== va.account || ya.sec === va.sec) return;
          const jyb = at.get(`${ya.sec}:${vb.account}`);
          if (jyb === undefined || (p.vars[jyb] as PVar).unit !== ya.unit) return;
          for (let x = q; x > 0 && x > q - 200 && !late; x--) {
            const need = BigInt(x) * xa - spare;
            const r = need <= 0n ? 0 : Number((need + ya.unit - 1n) / ya.unit);
            if (BigInt(r) * ya.unit > BigInt(x) * xa + spareB) continue;
            tryMoves(r === 0 ? [[ja, x], [jb, -x]] : [[ja, x], [jb, -x], [jya, -r], [jyb, r]]);
            if (best) break;
          }
        });
      }
    });
    if (!best) break;
    for (const [j, t] of (best as { moves: [number, number][] }).moves) st.apply(j, t);
    improved = true;
  }
  return improved;
}
