// The stored household as a planner input (the `keel plan --input FILE.json` format): `keel plan` without
// --input, and the planHousehold operation. Reads only; the planner itself never sees the database.
//
// Choices (for now):
// - Only accounts in the household's base currency are planned; the others are left out with a warning (a trade's
//   price and amount must be in the currency the account trades in, and one plan speaks one currency).
// - Keel's Cash sleeve is the planner's Cash sleeve and Keel's Other sleeve its Other sleeve, whatever the user
//   named them.
// - Securities: every held symbol, the model's preferred buys, the account menus' and the pinned trades' symbols,
//   each at its latest price in the prices store (prices/list.ts, the rule that values the holdings). A symbol
//   with no price is left out with a warning and listed in missingPrices (a pinned trade of it is left out too).
// - The demo household is planned only when it is the whole household: next to real accounts it is left out
//   (its made-up money is no part of the user's allocation), and its prices never price a real plan.
// - Cash reserve 0 and whole shares in every account unless the request names reserves / fractional accounts.
//   In invest mode with contributions named, the accounts without one keep their cash (their reserve is at least
//   their cash), so the plan buys only where money was added.
// - Every planRequest option maps to the planner's options; accounts named in it (id, masked number or name)
//   become the planner's ids. Restrictions on a security or account the plan does not include are left out with
//   a warning (nothing to restrict).
// - history: the household's buys (and reinvestments) and sells of the 31 days up to asOf, in every account
//   (planned or not: wash sales cross accounts), from the transactions table; their gains are unknown.
// - For the view: the model's name, the mode, the oldest price date among the planned securities, security
//   names and the accounts' masked numbers and tax treatments (toHouseholdPlanView).
import type { AccountView, HouseholdPlanView, PlanRequest, TaxTreatment } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { listSleeves, makeClassifier } from '../allocation/classifier.ts';
import { listAccountMenus } from '../allocation/menus.ts';
import { findModel } from '../allocation/models.ts';
import { householdSummary } from '../household/summary.ts';
import { planPrices } from '../prices/list.ts';
import type { MissingPriceView } from '../../../shared/types/prices.ts';
import { dec, fromMicro, plainString } from '../money.ts';
import { CASH_SLEEVE, OTHER_SLEEVE } from './problem.ts';
import type { PlanInputJson, PlanMode, PlanOutput } from './types.ts';

/** The planRequest's fields (contract), with the cash flows under their own name. */
export interface HouseholdPlanOptions extends Omit<Partial<PlanRequest>, 'cash' | 'mode'> {
  /** A model's name; the active model when absent. */
  model?: string | undefined;
  mode: PlanMode;
  /** Account (its id, masked number or name) → amount added (negative: withdrawn); two entries for one account add up. */
  cashFlows?: Record<string, string> | { account: string; amount: string }[] | undefined;
  minTrade?: string | undefined;
  asOf?: string | undefined;
  timeLimitMs?: number | undefined;
}

export interface HouseholdPlanAccount {
  id: string;
  name: string;
  numberMasked?: string;
  taxTreatment?: TaxTreatment;
}

export interface HouseholdPlanInput {
  input: PlanInputJson;
  /** What was left out or guessed, for the user. */
  warnings: string[];
  /** The planned accounts: the planner's id (the Keel account id as a string), the account's name, masked number and tax treatment. */
  accounts: HouseholdPlanAccount[];
  /** The model planned against (its name). */
  model?: string;
  mode?: PlanMode;
  /** The oldest price date among the securities the plan uses (null when none is known). */
  pricesAsOf?: string | null;
  /** Symbol → the date (YYYY-MM-DD) of the price each planned security was valued at, where known. */
  priceDates?: Record<string, string>;
  /** Symbol → security name, where Keel knows one. */
  names?: Record<string, string>;
  /** Symbols the plan wanted and has no price for (see HouseholdPlanView.missingPrices). */
  missingPrices?: MissingPriceView[];
}

const norm = (s: string): string => s.trim().toLowerCase();
const digits = (s: string): string => s.replace(/[^0-9A-Za-z]/g, '').toLowerCase();

/** Finds an account by id, masked number ("...4821" or "4821") or name, case-insensitively; throws VALIDATION otherwise. */
export function resolveAccount(accounts: readonly Pick<AccountView, 'id' | 'name' | 'numberMasked'>[], key: string, field = 'cash'): Pick<AccountView, 'id' | 'name' | 'numberMasked'> {
  const k = key.trim();
  const list = (): string => accounts.map((a) => `${a.id} (${a.name} ${a.numberMasked})`).join(', ');
  if (/^\d+$/.test(k)) {
    const byId = accounts.find((a) => String(a.id) === k);
    if (byId) return byId;
  }
  const tries: ((a: Pick<AccountView, 'numberMasked' | 'name'>) => boolean)[] = [
    (a) => a.numberMasked !== '' && norm(a.numberMasked) === norm(k),
    (a) => digits(k) !== '' && digits(a.numberMasked) !== '' && digits(a.numberMasked) === digits(k),
    (a) => norm(a.name) === norm(k),
  ];
  for (const t of tries) {
    const hits = accounts.filter(t);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw new CoreError('VALIDATION', `"${key}" names more than one account (${hits.map((a) => `${a.id} ${a.name}`).join(', ')}); use the account's id.`, { field, account: key });
    }
  }
  throw new CoreError('VALIDATION', `There is no account "${key}". Accounts: ${list() || '(none)'}.`, { field, account: key });
}

// Purchases and sales for wash sales: every account, the 31 days up to asOf.
const HISTORY_SQL = `
  SELECT t.account_id, t.symbol, t.type, t.date, t.quantity_micro, t.price_micro
  FROM transactions t
  WHERE t.type IN ('buy', 'reinvest', 'sell') AND t.symbol IS NOT NULL AND t.quantity_micro IS NOT NULL AND t.quantity_micro != 0
    AND t.date >= ? AND t.date <= ?
  ORDER BY t.date, t.id`;

/** The household's buys and sells in the 31 days up to `asOf`, as the planner's history. */
export function recentHistory(db: Db, asOf: string): NonNullable<PlanInputJson['history']> {
  const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - 31 * 86_400_000).toISOString().slice(0, 10);
  const rows = db.prepare(HISTORY_SQL).safeIntegers(true).all(from, asOf) as {
    account_id: bigint;
    symbol: string;
    type: string;
    date: string;
    quantity_micro: bigint;
    price_micro: bigint | null;
  }[];
  return rows.map((r) => ({
    account: String(r.account_id),
    symbol: r.symbol,
    side: r.type === 'sell' ? ('sell' as const) : ('buy' as const),
    date: r.date.slice(0, 10),
    quantity: plainString(fromMicro(r.quantity_micro < 0n ? -r.quantity_micro : r.quantity_micro)),
    ...(r.price_micro !== null && r.price_micro >= 0n ? { price: plainString(fromMicro(r.price_micro)) } : {}),
  }));
}

export function planInputFromHousehold(db: Db, options: HouseholdPlanOptions): HouseholdPlanInput {
  const warnings: string[] = [];
  const summary = householdSummary(db);
  const base = summary.baseCurrency;
  const model = findModel(db, options.model);
  if (!model) throw new CoreError('VALIDATION', 'No model is active; activate one (or name one with --model) to plan.', { field: 'model' });

  // Keel's sleeve names → the planner's (its Cash and Other sleeves have fixed names).
  const sleeves = listSleeves(db);
  const rename = new Map<string, string>();
  for (const s of sleeves) {
    if (s.key === 'Cash') rename.set(s.name, CASH_SLEEVE);
    else if (s.key === 'Other') rename.set(s.name, OTHER_SLEEVE);
  }
  for (const s of sleeves) {
    if (rename.has(s.name)) continue;
    if (s.name === CASH_SLEEVE || s.name === OTHER_SLEEVE) {
      throw new CoreError('VALIDATION', `Your sleeve "${s.name}" is not Keel's ${s.name} sleeve; rename it to plan.`, { field: 'sleeves' });
    }
  }
  const sleeveName = (name: string): string => rename.get(name) ?? name;

  const demoOnly = summary.accounts.every((a) => a.isDemo);
  if (!demoOnly && summary.accounts.some((a) => a.isDemo)) {
    warnings.push('The demo household is left out: it is made up, and your own accounts are planned on their own (clear the demo on the dashboard)');
  }
  const accounts = summary.accounts.filter((a) => {
    if (a.isDemo && !demoOnly) return false;
    if (a.currency === base) return true;
    warnings.push(`${a.name} (${a.currency}) is left out: only accounts in ${base}, the base currency, are planned for now`);
    return false;
  });
  if (accounts.length === 0) throw new CoreError('VALIDATION', `There is no account in ${base} to plan for.`, { field: 'accounts' });

  const notPlanned = (a: { id: number; name: string }, field: string, key: string): CoreError =>
    new CoreError(
      'VALIDATION',
      !demoOnly && summary.accounts.some((x) => x.id === a.id && x.isDemo)
        ? `${a.name} is the demo household's, which is not planned next to your own accounts.`
        : `${a.name} is not in ${base}, the base currency; it cannot be planned yet.`,
      { field, account: key },
    );
  // Cash flows, by the planner's account id.
  const flows = new Map<string, string>();
  const cf = options.cashFlows ?? [];
  for (const [key, amount] of Array.isArray(cf) ? cf.map((c) => [c.account, c.amount] as const) : Object.entries(cf)) {
    const a = resolveAccount(summary.accounts, key);
    if (!accounts.some((x) => x.id === a.id)) throw notPlanned(a, 'cash', key);
    const id = String(a.id);
    if (!/^-?\d+(\.\d+)?$/.test(amount.trim())) throw new CoreError('VALIDATION', `${key}: expected an amount like 5000 or 1234.56, got "${amount}".`, { field: 'cash', account: key });
    flows.set(id, dec(flows.get(id) ?? '0').plus(amount.trim()).toFixed());
  }

  const classify = makeClassifier(db);
  const latest = planPrices(db, base, demoOnly);
  const prices = new Map([...latest].map(([symbol, p]) => [symbol, p.unitPrice]));
  const priceDates = new Map([...latest].map(([symbol, p]) => [symbol, p.date.slice(0, 10)]));
  const missingPrices: MissingPriceView[] = [];
  const usedDates = new Map<string, string | null>();
  const names: Record<string, string> = {};
  const securities = new Map<string, { symbol: string; price: string; sleeves: Record<string, string> }>();
  const addSecurity = (symbol: string, price: string, meta: { assetType?: string; name?: string; priceDate?: string | null }): void => {
    if (securities.has(symbol)) return;
    usedDates.set(symbol, prices.has(symbol) ? (priceDates.get(symbol) ?? null) : (meta.priceDate ?? null));
    if (meta.name) names[symbol] = meta.name;
    const c = classify({ symbol, assetType: meta.assetType ?? null, name: meta.name ?? null });
    const weights: Record<string, string> = {};
    if ('unclassified' in c) {
      warnings.push(`${symbol} is in no sleeve (${c.reason}): the planner counts it as ${OTHER_SLEEVE}`);
    } else {
      for (const [s, w] of Object.entries(c.sleeves)) {
        const name = sleeveName(s);
        weights[name] = dec(weights[name] ?? '0').plus(w).toFixed();
      }
    }
    securities.set(symbol, { symbol, price, sleeves: weights });
  };

  const positions: NonNullable<PlanInputJson['positions']> = [];
  for (const a of accounts) {
    for (const p of a.positions) {
      if (dec(p.quantity).isNegative()) {
        // A short position (a written option, a short sale) is not something a rebalance buys or sells into.
        warnings.push(`${p.quantity} ${p.symbol} in ${a.name} is left out: short positions are not rebalanced (their value is not in the plan's total)`);
        continue;
      }
      addSecurity(p.symbol, prices.get(p.symbol) ?? p.price, { assetType: p.assetType, name: p.name, priceDate: p.priceDate });
      const lots = p.lots
        .filter((l) => !dec(l.quantity).isZero())
        .map((l) => ({ acquired: l.acquired, quantity: l.quantity, costPerShare: dec(l.costBasis).div(l.quantity).abs().toDecimalPlaces(6).toFixed() }));
      positions.push({ account: String(a.id), symbol: p.symbol, quantity: p.quantity, ...(lots.length > 0 ? { lots } : {}) });
    }
  }
  const unheld = (symbol: string, why: string): boolean => {
    if (securities.has(symbol)) return true;
    const price = prices.get(symbol);
    if (price === undefined) {
      warnings.push(`${symbol} (${why}) is left out: Keel has no price for it`);
      if (!missingPrices.some((m) => m.symbol === symbol)) missingPrices.push({ symbol, reason: why });
      return false;
    }
    const name = (db.prepare('SELECT name FROM securities WHERE symbol = ?').get(symbol) as { name: string } | undefined)?.name;
    addSecurity(symbol, price, name ? { name } : {});
    return true;
  };
  for (const [sleeve, symbols] of Object.entries(model.preferred)) {
    for (const symbol of symbols) unheld(symbol, `a preferred buy for ${sleeve}`);
  }

  // Menus: an account with a list buys only from it; the list's symbols are securities too.
  const planned = new Set(accounts.map((a) => a.id));
  let buyable: Record<string, string[]> | undefined;
  for (const m of listAccountMenus(db)) {
    if (!planned.has(m.accountId) || m.symbols.length === 0) continue;
    const symbols = m.symbols.filter((s) => unheld(s, `on ${m.name}'s menu`));
    buyable ??= {};
    if (symbols.length === 0) {
      // The planner reads an empty list as "anything", which this account cannot buy.
      throw new CoreError(
        'VALIDATION',
        `${m.name} may buy only ${m.symbols.join(', ')}, and Keel has no price for any of them: import a statement that holds one, or change the account's menu.`,
        { field: 'buyable', accountId: m.accountId },
      );
    }
    buyable[String(m.accountId)] = symbols;
  }

  // Accounts named in the request → the planner's ids (an account left out of the plan is refused).
  const plannedId = (key: string, field: string): string => {
    const a = resolveAccount(summary.accounts, key, field);
    if (!accounts.some((x) => x.id === a.id)) throw notPlanned(a, field, key);
    return String(a.id);
  };
  const reserves = new Map<string, string>();
  for (const r of options.reserves ?? []) {
    const id = plannedId(r.account, 'reserves');
    reserves.set(id, dec(reserves.get(id) ?? '0').plus(r.amount.trim()).toFixed());
  }
  const fractional = new Set((options.fractional ?? []).map((k) => plannedId(k, 'fractional')));

  // Invest with named contributions: the other accounts keep their cash.
  const holdOthers = options.mode === 'invest' && flows.size > 0;
  const targets: Record<string, string> = {};
  const bands: Record<string, { absolutePp: string; relativePct: string }> = {};
  for (const t of model.targets) {
    targets[sleeveName(t.sleeve)] = t.targetPct;
    bands[sleeveName(t.sleeve)] = { absolutePp: t.absolutePp, relativePct: t.relativePct };
  }

  // A pinned buy of a symbol without a price is left out (and listed); a pinned sale of what is not held is the
  // planner's to refuse.
  const pinned = (options.pinned ?? []).filter((x) => x.side === 'sell' || unheld(x.symbol.trim().toUpperCase(), 'pinned')).map((x) => ({
    account: plannedId(x.account, 'pinned'),
    symbol: x.symbol.trim().toUpperCase(),
    side: x.side,
    ...(x.fraction !== undefined ? { fraction: x.fraction } : {}),
    ...(x.amount !== undefined ? { amount: x.amount } : {}),
    ...(x.quantity !== undefined ? { quantity: x.quantity } : {}),
  }));
  const restrictions: { symbol: string; account?: string; rule: 'no-buy' | 'no-sell' | 'no-trade' }[] = [];
  for (const r of options.restrictions ?? []) {
    const symbol = r.symbol.trim().toUpperCase();
    const account = r.account !== undefined ? String(resolveAccount(summary.accounts, r.account, 'restrictions').id) : undefined;
    if (account !== undefined && !accounts.some((a) => String(a.id) === account)) {
      warnings.push(`The restriction ${r.rule} ${symbol} in account ${r.account} is left out: that account is not planned`);
      continue;
    }
    if (!securities.has(symbol)) {
      warnings.push(`The restriction ${r.rule} ${symbol} is left out: ${symbol} is not in the plan`);
      continue;
    }
    restrictions.push({ symbol, ...(account !== undefined ? { account } : {}), rule: r.rule });
  }
  const specificLots = (options.specificLots ?? []).map((l) => ({ account: plannedId(l.account, 'specificLots'), symbol: l.symbol.trim().toUpperCase(), acquired: l.acquired, quantity: l.quantity }));
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const history = recentHistory(db, asOf);

  const input: PlanInputJson = {
    accounts: accounts.map((a) => {
      const id = String(a.id);
      let reserve = dec(reserves.get(id) ?? '0');
      if (holdOthers && !flows.has(id) && dec(a.cash).greaterThan(reserve)) reserve = dec(a.cash);
      return { id, taxTreatment: a.taxTreatment, cash: a.cash, cashReserve: reserve.toFixed(), fractional: fractional.has(id) };
    }),
    securities: [...securities.values()].sort((x, y) => (x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : 0)),
    positions,
    ...(buyable ? { buyable } : {}),
    model: { targets, bands, bandRule: model.bandRule },
    options: {
      mode: options.mode,
      cashFlows: Object.fromEntries(flows),
      minTrade: options.minTrade ?? '0',
      pinned,
      ...(options.asOf ? { asOf: options.asOf } : {}),
      ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
      ...(options.toTarget !== undefined ? { toTarget: options.toTarget } : {}),
      ...(options.lotMethod !== undefined ? { lotMethod: options.lotMethod } : {}),
      ...(specificLots.length > 0 ? { specificLots } : {}),
      ...(options.blockShortTermGains !== undefined ? { blockShortTermGains: options.blockShortTermGains } : {}),
      ...(options.gainBudget !== undefined ? { gainBudget: options.gainBudget } : {}),
      ...(options.preferTaxAdvantaged !== undefined ? { preferTaxAdvantaged: options.preferTaxAdvantaged } : {}),
      ...(options.washSales !== undefined ? { washSales: options.washSales } : {}),
      ...(restrictions.length > 0 ? { restrictions } : {}),
      ...(options.turnoverCap !== undefined ? { turnoverCap: options.turnoverCap } : {}),
      ...(options.tradeCost !== undefined ? { tradeCost: options.tradeCost } : {}),
    },
    ...(history.length > 0 ? { history } : {}),
  };
  let pricesAsOf: string | null = null;
  const dated: Record<string, string> = {};
  for (const symbol of [...securities.keys()].sort()) {
    const d = usedDates.get(symbol) ?? null;
    if (d !== null && (pricesAsOf === null || d < pricesAsOf)) pricesAsOf = d;
    if (d !== null) dated[symbol] = d.slice(0, 10);
  }
  return {
    input,
    warnings,
    accounts: accounts.map((a) => ({ id: String(a.id), name: a.name, numberMasked: a.numberMasked, taxTreatment: a.taxTreatment })),
    model: model.name,
    mode: options.mode,
    pricesAsOf,
    priceDates: dated,
    names,
    ...(missingPrices.length > 0 ? { missingPrices } : {}),
  };
}

/** The view of a plan of the stored household (planHousehold, the worker job and saved plans build it the same way). */
export function toHouseholdPlanView(built: HouseholdPlanInput, plan: PlanOutput): HouseholdPlanView {
  // The planner names accounts by its ids ("account 1"); the user knows them by name.
  const names = new Map(built.accounts.map((a) => [a.id, a.name]));
  const named = (w: string): string =>
    w
      .replace(/^([^\s:]+): /, (m, id: string) => (names.has(id) ? `${names.get(id) as string}: ` : m))
      .replace(/\baccount (\S+?)(?=[\s:,;)]|$)/g, (m, id: string) => (names.has(id) ? (names.get(id) as string) : m));
  return {
    plan,
    warnings: [...built.warnings, ...plan.warnings.map(named)],
    accounts: built.accounts.map((a) => ({ ...a })),
    ...(built.model !== undefined ? { model: built.model } : {}),
    ...(built.mode !== undefined ? { mode: built.mode } : {}),
    ...(built.pricesAsOf !== undefined ? { pricesAsOf: built.pricesAsOf } : {}),
    ...(built.priceDates !== undefined ? { priceDates: { ...built.priceDates } } : {}),
    ...(built.names !== undefined ? { names: { ...built.names } } : {}),
    ...(built.missingPrices !== undefined ? { missingPrices: built.missingPrices.map((m) => ({ ...m })) } : {}),
  };
}
