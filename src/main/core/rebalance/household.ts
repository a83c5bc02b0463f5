// The stored household as a planner input (the `keel plan --input FILE.json` format): `keel plan` without
// --input, and the planHousehold operation. Reads only; the planner itself never sees the database.
//
// Choices (for now):
// - Only accounts in the household's base currency are planned; the others are left out with a warning (a trade's
//   price and amount must be in the currency the account trades in, and one plan speaks one currency).
// - Keel's Cash sleeve is the planner's Cash sleeve and Keel's Other sleeve its Other sleeve, whatever the user
//   named them.
// - Securities: every held symbol, the model's preferred buys and the account menus' symbols, each at the newest
//   price Keel has for it (a symbol with no price anywhere is left out with a warning).
// - Cash reserve 0 and whole shares in every account. In invest mode with contributions named, the accounts
//   without one keep their cash (their reserve is their cash), so the plan buys only where money was added.
import type { AccountView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { listSleeves, makeClassifier } from '../allocation/classifier.ts';
import { listAccountMenus } from '../allocation/menus.ts';
import { findModel } from '../allocation/models.ts';
import { householdSummary } from '../household/summary.ts';
import { dec, fromMicro, plainString } from '../money.ts';
import { CASH_SLEEVE, OTHER_SLEEVE } from './problem.ts';
import { planFromJson } from './plan.ts';
import { PlanInputError, type PlanInputJson, type PlanMode, type PlanOutput } from './types.ts';

export interface HouseholdPlanOptions {
  /** A model's name; the active model when absent. */
  model?: string | undefined;
  mode: PlanMode;
  /** Account (its id, masked number or name) → amount added (negative: withdrawn); two entries for one account add up. */
  cashFlows?: Record<string, string> | { account: string; amount: string }[] | undefined;
  minTrade?: string | undefined;
  asOf?: string | undefined;
  timeLimitMs?: number | undefined;
}

export interface HouseholdPlanInput {
  input: PlanInputJson;
  /** What was left out or guessed, for the user. */
  warnings: string[];
  /** The planned accounts: the planner's id (the Keel account id as a string) and the account's name. */
  accounts: { id: string; name: string }[];
}

const norm = (s: string): string => s.trim().toLowerCase();
const digits = (s: string): string => s.replace(/[^0-9A-Za-z]/g, '').toLowerCase();

/** Finds an account by id, masked number ("...4821" or "4821") or name, case-insensitively; throws VALIDATION otherwise. */
export function resolveAccount(accounts: readonly Pick<AccountView, 'id' | 'name' | 'numberMasked'>[], key: string): Pick<AccountView, 'id' | 'name' | 'numberMasked'> {
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
      throw new CoreError('VALIDATION', `"${key}" names more than one account (${hits.map((a) => `${a.id} ${a.name}`).join(', ')}); use the account's id.`, { field: 'cash', account: key });
    }
  }
  throw new CoreError('VALIDATION', `There is no account "${key}". Accounts: ${list() || '(none)'}.`, { field: 'cash', account: key });
}

// Newest price per symbol over every snapshot of a base-currency account (latest price date, then snapshot date).
const PRICES_SQL = `
  SELECT sec.symbol, p.price_micro
  FROM positions p JOIN securities sec ON sec.id = p.security_id JOIN snapshots s ON s.id = p.snapshot_id
  JOIN accounts a ON a.id = s.account_id
  WHERE a.currency = ? AND p.account_value_micro IS NULL
  ORDER BY COALESCE(p.price_date, s.as_of) DESC, s.as_of DESC, s.id DESC, p.id DESC`;

function newestPrices(db: Db, base: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of db.prepare(PRICES_SQL).safeIntegers(true).all(base) as { symbol: string; price_micro: bigint }[]) {
    if (!out.has(r.symbol)) out.set(r.symbol, plainString(fromMicro(r.price_micro)));
  }
  return out;
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

  const accounts = summary.accounts.filter((a) => {
    if (a.currency === base) return true;
    warnings.push(`${a.name} (${a.currency}) is left out: only accounts in ${base}, the base currency, are planned for now`);
    return false;
  });
  if (accounts.length === 0) throw new CoreError('VALIDATION', `There is no account in ${base} to plan for.`, { field: 'accounts' });

  // Cash flows, by the planner's account id.
  const flows = new Map<string, string>();
  const cf = options.cashFlows ?? [];
  for (const [key, amount] of Array.isArray(cf) ? cf.map((c) => [c.account, c.amount] as const) : Object.entries(cf)) {
    const a = resolveAccount(summary.accounts, key);
    if (!accounts.some((x) => x.id === a.id)) throw new CoreError('VALIDATION', `${a.name} is not in ${base}, the base currency; it cannot be planned yet.`, { field: 'cash', account: key });
    const id = String(a.id);
    if (!/^-?\d+(\.\d+)?$/.test(amount.trim())) throw new CoreError('VALIDATION', `${key}: expected an amount like 5000 or 1234.56, got "${amount}".`, { field: 'cash', account: key });
    flows.set(id, dec(flows.get(id) ?? '0').plus(amount.trim()).toFixed());
  }

  const classify = makeClassifier(db);
  const prices = newestPrices(db, base);
  const securities = new Map<string, { symbol: string; price: string; sleeves: Record<string, string> }>();
  const addSecurity = (symbol: string, price: string, meta: { assetType?: string; name?: string }): void => {
    if (securities.has(symbol)) return;
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
      addSecurity(p.symbol, prices.get(p.symbol) ?? p.price, { assetType: p.assetType, name: p.name });
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
      return false;
    }
    addSecurity(symbol, price, {});
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

  // Invest with named contributions: the other accounts keep their cash.
  const holdOthers = options.mode === 'invest' && flows.size > 0;
  const targets: Record<string, string> = {};
  const bands: Record<string, { absolutePp: string; relativePct: string }> = {};
  for (const t of model.targets) {
    targets[sleeveName(t.sleeve)] = t.targetPct;
    bands[sleeveName(t.sleeve)] = { absolutePp: t.absolutePp, relativePct: t.relativePct };
  }
  const input: PlanInputJson = {
    accounts: accounts.map((a) => ({
      id: String(a.id),
      taxTreatment: a.taxTreatment,
      cash: a.cash,
      cashReserve: holdOthers && !flows.has(String(a.id)) && dec(a.cash).greaterThan(0) ? a.cash : '0',
      fractional: false,
    })),
    securities: [...securities.values()].sort((x, y) => (x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : 0)),
    positions,
    ...(buyable ? { buyable } : {}),
    model: { targets, bands, bandRule: model.bandRule },
    options: {
      mode: options.mode,
      cashFlows: Object.fromEntries(flows),
      minTrade: options.minTrade ?? '0',
      pinned: [],
      ...(options.asOf ? { asOf: options.asOf } : {}),
      ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
    },
  };
  return { input, warnings, accounts: accounts.map((a) => ({ id: String(a.id), name: a.name })) };
}

/** Plans the stored household: the planHousehold operation. Planner input errors are VALIDATION. */
export function planHousehold(db: Db, options: HouseholdPlanOptions): { plan: PlanOutput; warnings: string[]; accounts: { id: string; name: string }[] } {
  const built = planInputFromHousehold(db, options);
  let plan: PlanOutput;
  try {
    plan = planFromJson(built.input);
  } catch (e) {
    if (e instanceof PlanInputError) throw new CoreError('VALIDATION', e.message, { field: e.path });
    throw e;
  }
  return { plan, warnings: [...built.warnings, ...plan.warnings], accounts: built.accounts };
}
