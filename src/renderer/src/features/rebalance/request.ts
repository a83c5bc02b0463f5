// The Rebalance form and the planRequest it becomes. Pure: no React, no API. Every amount stays the string the
// user typed (normalised: "$10,000" → "10000"); the core parses and judges it.
import type { LotMethodName as LotMethod, PlanModeName, PlanRequest, PlanTradeView, RestrictionRule } from '../../../../shared/types';

export type { LotMethod, RestrictionRule };

export interface Restriction {
  symbol: string;
  /** A Keel account id; absent: every account. */
  account?: string;
  rule: RestrictionRule;
}

export interface Pin {
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  /** Exactly one of these three. */
  fraction?: string;
  amount?: string;
  quantity?: string;
}

export interface CashEntry {
  direction: 'add' | 'withdraw';
  /** As typed. */
  amount: string;
}

export interface PlanForm {
  /** A model's name; '' for the active model. */
  model: string;
  mode: PlanModeName;
  /** Account id → money added or withdrawn. */
  cash: Record<string, CashEntry>;
  minTrade: string;
  toTarget: boolean;
  lotMethod: LotMethod;
  blockShortTermGains: boolean;
  gainBudget: string;
  preferTaxAdvantaged: boolean;
  washSales: 'flag' | 'prevent';
  turnoverCap: string;
  /** Money one trade costs the plan: a trade must lower the drift by more than this. */
  tradeCost: string;
  /** Account id → cash it keeps. */
  reserves: Record<string, string>;
  restrictions: Restriction[];
  pinned: Pin[];
  /** Account ids that trade fractional shares. */
  fractional: string[];
}

export const DEFAULT_FORM: PlanForm = {
  model: '',
  mode: 'invest',
  cash: {},
  minTrade: '',
  toTarget: false,
  lotMethod: 'hifo',
  blockShortTermGains: false,
  gainBudget: '',
  preferTaxAdvantaged: true,
  washSales: 'flag',
  turnoverCap: '',
  tradeCost: '',
  reserves: {},
  restrictions: [],
  pinned: [],
  fractional: [],
};

export const MODE_LABELS: Record<PlanModeName, { label: string; detail: string }> = {
  invest: { label: 'Invest new cash', detail: 'Buys only, with the cash you add and the cash already there.' },
  raise: { label: 'Raise cash', detail: 'Sells only, to free the cash you withdraw or keep in reserve.' },
  full: { label: 'Full rebalance', detail: 'Buys and sells to bring every sleeve as close to its target as possible.' },
  band: { label: 'Only what is out of band', detail: 'Trades only the sleeves outside their bands, to the band edge.' },
  pinned: { label: 'Around my pinned trades', detail: 'Your pinned trades exactly as given; the planner does the rest.' },
  'min-cash': { label: 'Smallest contribution', detail: 'The least cash to add so that every sleeve is back in its band, buying only.' },
};

export const MODE_ORDER: PlanModeName[] = ['invest', 'full', 'band', 'raise', 'pinned', 'min-cash'];

export const LOT_METHOD_LABELS: Record<LotMethod, string> = {
  hifo: 'Highest cost first (HIFO)',
  fifo: 'Oldest first (FIFO)',
  'min-tax': 'Least tax',
};

export const RULE_LABELS: Record<RestrictionRule, string> = {
  'no-buy': 'Do not buy',
  'no-sell': 'Do not sell',
  'no-trade': 'Do not trade',
};

const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;

/**
 * An amount as typed ("$10,000", " 1 234.50 ") in the plain form the contract accepts ("10000", "1234.50"), or
 * null when it is not one. '' stays '' (no value).
 */
export function normalizeAmount(text: string): string | null {
  const t = text.trim().replace(/^\$/, '').replace(/[,\s]/g, '');
  if (t === '') return '';
  return AMOUNT.test(t) ? t : null;
}

/** True when the amount is zero ("0", "0.00"). */
function isZero(amount: string): boolean {
  return /^0+(\.0+)?$/.test(amount);
}

export interface FormProblem {
  /** The form field it is about, e.g. "cash.3" or "minTrade". */
  field: string;
  message: string;
}

export type BuiltRequest = { ok: true; request: PlanRequest } | { ok: false; problems: FormProblem[] };

/**
 * The planRequest for a form: only what differs from the planner's defaults is sent, so a saved plan states the
 * choices the user made. Amounts that are not amounts are reported by field, and nothing is sent.
 */
export function buildPlanRequest(form: PlanForm): BuiltRequest {
  const problems: FormProblem[] = [];
  const amount = (field: string, text: string, what: string): string => {
    const a = normalizeAmount(text);
    if (a === null) {
      problems.push({ field, message: `${what}: expected an amount like 5000 or 1234.56` });
      return '';
    }
    return a;
  };

  const request: PlanRequest = { mode: form.mode };
  if (form.model.trim()) request.model = form.model.trim();

  const cash: { account: string; amount: string }[] = [];
  for (const [account, entry] of Object.entries(form.cash)) {
    const a = amount(`cash.${account}`, entry.amount, 'Cash');
    if (a === '' || isZero(a)) continue;
    cash.push({ account, amount: entry.direction === 'withdraw' ? `-${a}` : a });
  }
  if (cash.length > 0) request.cash = cash;

  const minTrade = amount('minTrade', form.minTrade, 'Smallest trade');
  if (minTrade) request.minTrade = minTrade;
  const turnoverCap = amount('turnoverCap', form.turnoverCap, 'Turnover cap');
  if (turnoverCap) request.turnoverCap = turnoverCap;
  const tradeCost = amount('tradeCost', form.tradeCost, 'Cost per trade');
  if (tradeCost && !isZero(tradeCost)) request.tradeCost = tradeCost;
  const gainBudget = amount('gainBudget', form.gainBudget, 'Gain budget');
  if (gainBudget) request.gainBudget = gainBudget;

  const reserves: { account: string; amount: string }[] = [];
  for (const [account, text] of Object.entries(form.reserves)) {
    const a = amount(`reserves.${account}`, text, 'Cash reserve');
    if (a && !isZero(a)) reserves.push({ account, amount: a });
  }
  if (reserves.length > 0) request.reserves = reserves;

  if (form.mode === 'band' && form.toTarget) request.toTarget = true;
  if (form.lotMethod !== 'hifo') request.lotMethod = form.lotMethod;
  if (form.blockShortTermGains) request.blockShortTermGains = true;
  if (!form.preferTaxAdvantaged) request.preferTaxAdvantaged = false;
  if (form.washSales !== 'flag') request.washSales = form.washSales;

  const restrictions = form.restrictions
    .filter((r) => r.symbol.trim() !== '')
    .map((r) => ({ symbol: r.symbol.trim().toUpperCase(), rule: r.rule, ...(r.account ? { account: r.account } : {}) }));
  if (restrictions.length > 0) request.restrictions = restrictions;

  if (form.pinned.length > 0) {
    request.pinned = form.pinned.map((p, i) => {
      const pin: NonNullable<PlanRequest['pinned']>[number] = { account: p.account, symbol: p.symbol.trim().toUpperCase(), side: p.side };
      if (p.fraction !== undefined) pin.fraction = p.fraction;
      else if (p.amount !== undefined) pin.amount = amount(`pinned.${i}`, p.amount, `Pinned ${p.symbol}`);
      else pin.quantity = amount(`pinned.${i}`, p.quantity ?? '', `Pinned ${p.symbol} shares`);
      return pin;
    });
  }
  if (form.fractional.length > 0) request.fractional = [...form.fractional];

  return problems.length > 0 ? { ok: false, problems } : { ok: true, request };
}

/** The form a saved request came from (re-opening a plan): the inverse of buildPlanRequest for what it sends. */
export function formFromRequest(r: PlanRequest): PlanForm {
  const cash: Record<string, CashEntry> = {};
  for (const c of r.cash ?? []) {
    const negative = c.amount.trim().startsWith('-');
    cash[c.account] = { direction: negative ? 'withdraw' : 'add', amount: c.amount.trim().replace(/^-/, '') };
  }
  const reserves: Record<string, string> = {};
  for (const x of r.reserves ?? []) reserves[x.account] = x.amount;
  return {
    ...DEFAULT_FORM,
    model: r.model ?? '',
    mode: r.mode,
    cash,
    minTrade: r.minTrade ?? '',
    toTarget: r.toTarget ?? false,
    lotMethod: r.lotMethod ?? 'hifo',
    blockShortTermGains: r.blockShortTermGains ?? false,
    gainBudget: r.gainBudget ?? '',
    preferTaxAdvantaged: r.preferTaxAdvantaged ?? true,
    washSales: r.washSales ?? 'flag',
    turnoverCap: r.turnoverCap ?? '',
    tradeCost: r.tradeCost ?? '',
    reserves,
    restrictions: (r.restrictions ?? []).map((x) => ({ symbol: x.symbol, rule: x.rule, ...(x.account ? { account: x.account } : {}) })),
    pinned: (r.pinned ?? []).map((p) => ({ ...p })),
    fractional: [...(r.fractional ?? [])],
  };
}

const samePosition = (a: { account?: string; symbol: string }, account: string, symbol: string) =>
  a.account === account && a.symbol.toUpperCase() === symbol.toUpperCase();

/** Leaving a trade out: a do-not-trade restriction on that security in that account (and no pin on it). */
export function excludeTrade(form: PlanForm, trade: Pick<PlanTradeView, 'account' | 'symbol'>): PlanForm {
  const restrictions = form.restrictions.filter((r) => !samePosition(r, trade.account, trade.symbol));
  restrictions.push({ symbol: trade.symbol, account: trade.account, rule: 'no-trade' });
  return { ...form, restrictions, pinned: form.pinned.filter((p) => !samePosition(p, trade.account, trade.symbol)) };
}

/**
 * Fixing a trade's shares: a pinned trade (replacing any pin or restriction on that position), and the planner
 * plans the rest around it (pinned mode).
 */
export function pinTrade(form: PlanForm, trade: Pick<PlanTradeView, 'account' | 'symbol' | 'side'>, quantity: string): PlanForm {
  const q = normalizeAmount(quantity) || quantity.trim();
  const pinned = form.pinned.filter((p) => !samePosition(p, trade.account, trade.symbol));
  pinned.push({ account: trade.account, symbol: trade.symbol, side: trade.side, quantity: q });
  return {
    ...form,
    mode: 'pinned',
    pinned,
    restrictions: form.restrictions.filter((r) => !samePosition(r, trade.account, trade.symbol)),
  };
}

/** How many positions the user left out or re-sized (or un-did) between two forms: the changes a re-plan would apply. */
export function countChanges(before: PlanForm, now: PlanForm): number {
  const key = (x: { account?: string; symbol: string }) => `${x.account ?? '*'}|${x.symbol.toUpperCase()}`;
  const state = (f: PlanForm) => {
    const m = new Map<string, string>();
    for (const r of f.restrictions) if (r.rule === 'no-trade' && r.account) m.set(key(r), 'excluded');
    for (const p of f.pinned) m.set(key(p), `${p.side}|${p.quantity ?? ''}|${p.fraction ?? ''}|${p.amount ?? ''}`);
    return m;
  };
  const a = state(before);
  const b = state(now);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).length;
}

export const ROTATION_MODEL = '2026 Rotation';
export const ROTATION_TRIM = '0.2';

/**
 * The "2026 Rotation" playbook: sell a fifth of every QQQ holding (pinned), buy no QQQ anywhere, plan against the
 * 2026 Rotation model and let the planner buy the rest with the model's preferred buys. Cash entries and the other
 * constraints are kept.
 */
export function rotationPlaybook(form: PlanForm, accountsHoldingQqq: readonly string[], model: string = ROTATION_MODEL): PlanForm {
  const pinned = form.pinned.filter((p) => p.symbol.toUpperCase() !== 'QQQ');
  for (const account of accountsHoldingQqq) pinned.push({ account, symbol: 'QQQ', side: 'sell', fraction: ROTATION_TRIM });
  // What is trimmed in one account is not bought back in another.
  const restrictions = form.restrictions.filter((r) => r.symbol.toUpperCase() !== 'QQQ');
  restrictions.push({ symbol: 'QQQ', rule: 'no-buy' });
  return { ...form, model, mode: 'pinned', pinned, restrictions };
}

/** How a pin reads: "Sell 20% of QQQ", "Buy 12 shares of IWM", "Sell $500 of XLF". */
export function describePin(p: Pin): string {
  const side = p.side === 'buy' ? 'Buy' : 'Sell';
  if (p.fraction !== undefined) {
    const pct = fractionToPercent(p.fraction);
    return `${side} ${pct}% of ${p.symbol}`;
  }
  if (p.amount !== undefined) return `${side} $${p.amount} of ${p.symbol}`;
  return `${side} ${p.quantity ?? '?'} shares of ${p.symbol}`;
}

/** "0.2" → "20", "0.125" → "12.5", exactly (digit shifting, no floats). */
export function fractionToPercent(fraction: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(fraction.trim());
  if (!m) return fraction;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const int = `${m[1]}${frac.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return rest ? `${int}.${rest}` : int;
}
