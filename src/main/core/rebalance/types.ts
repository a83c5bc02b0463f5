// The planner's input and output, mirroring `keel plan --input FILE.json --json` (issue 5) exactly.
// Decimals cross as strings ("1234.56"); percentages may also be JSON numbers (30, 12.5) as in the issue's
// example. parsePlanInput turns `unknown` into exact values (Decimal) or throws a PlanInputError naming the
// field path.
import { z } from 'zod';
import {
  BAND_RULES,
  LOT_METHODS,
  PLAN_MODES,
  RESTRICTION_RULES,
  TAX_TREATMENTS,
  WASH_SALE_HANDLING,
  type BandRule,
  type DecimalString,
  type LotMethodName,
  type PlanModeName,
  type PlanResultView,
  type PlanTradeView,
  type RestrictionRule,
  type TaxTreatment,
} from '../../../shared/contract.ts';
import { CoreError } from '../errors.ts';
import { Decimal, dec } from '../money.ts';

export type PlanMode = PlanModeName;
/** Every mode the planner plans (the schema's mode enum refuses any other). */
export const SUPPORTED_MODES: readonly PlanMode[] = ['full', 'invest', 'band', 'raise', 'pinned', 'min-cash'];

const decimalText = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as a string, like "1234.56"');
const nonNegDecimalText = decimalText.refine((s) => !s.startsWith('-'), 'must not be negative');
const percentValue = z.union([
  z.number().finite().min(0).max(100),
  z
    .string()
    .trim()
    .regex(/^\d{1,3}(\.\d+)?$/, 'expected a percentage like 30 or 12.5'),
]);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date');

export type LotMethod = LotMethodName;

const specificLotSchema = z.object({ account: z.string().min(1), symbol: z.string().min(1), acquired: isoDate, quantity: nonNegDecimalText }).strict();
const restrictionSchema = z
  .object({ symbol: z.string().min(1), account: z.string().min(1).optional(), rule: z.enum(RESTRICTION_RULES) })
  .strict();
const historySchema = z
  .object({
    account: z.string().min(1),
    symbol: z.string().min(1),
    side: z.enum(['buy', 'sell']),
    date: isoDate,
    quantity: nonNegDecimalText,
    /** Price per share, when known. */
    price: nonNegDecimalText.optional(),
    /** A sale's realised gain (negative: a loss), when known; a sale without one may have been at a loss. */
    gain: decimalText.optional(),
  })
  .strict();

const lotSchema = z.object({ acquired: isoDate, quantity: nonNegDecimalText, costPerShare: nonNegDecimalText }).strict();

export const planInputSchema = z
  .object({
    accounts: z
      .array(
        z
          .object({
            id: z.string().min(1).max(200),
            taxTreatment: z.enum(TAX_TREATMENTS),
            cash: decimalText,
            cashReserve: nonNegDecimalText.default('0'),
            fractional: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
    securities: z.array(
      z
        .object({
          symbol: z.string().min(1).max(200),
          price: nonNegDecimalText,
          sleeves: z.record(z.string().min(1), percentValue),
        })
        .strict(),
    ),
    positions: z.array(
      z
        .object({
          account: z.string().min(1),
          symbol: z.string().min(1),
          quantity: nonNegDecimalText,
          lots: z.array(lotSchema).optional(),
        })
        .strict(),
    ),
    buyable: z.record(z.string(), z.array(z.string().min(1))).optional(),
    model: z
      .object({
        targets: z.record(z.string().min(1), percentValue),
        bands: z
          .record(
            z.string().min(1),
            z.object({ absolutePp: percentValue, relativePct: z.union([z.number().finite().min(0), decimalText]) }).strict(),
          )
          .optional(),
        bandRule: z.enum(BAND_RULES).default('either'),
      })
      .strict(),
    options: z
      .object({
        mode: z.enum(PLAN_MODES).default('full'),
        cashFlows: z.record(z.string(), decimalText).default({}),
        minTrade: nonNegDecimalText.default('0'),
        pinned: z.array(z.unknown()).default([]),
        /** raise mode: the withdrawal per account, as an alternative to a negative cash flow. */
        raise: z.record(z.string(), nonNegDecimalText).optional(),
        /** band mode: trade out-of-band sleeves to their target instead of the band edge. */
        toTarget: z.boolean().optional(),
        /** min-cash mode: the account that receives the new money (default: the first account listed). */
        minCashAccount: z.string().min(1).optional(),
        asOf: isoDate.optional(),
        timeLimitMs: z.number().int().positive().max(600_000).optional(),
        /** Which lots a sale uses: HIFO (default), FIFO or the min-tax order. */
        lotMethod: z.enum(LOT_METHODS).optional(),
        /** Lots the user picked: a sale of that position uses them first, in the order given. */
        specificLots: z.array(specificLotSchema).optional(),
        /** No sale in a taxable account may realise a short-term gain. */
        blockShortTermGains: z.boolean().optional(),
        /** The most net realised gain (taxable accounts) the plan may add. */
        gainBudget: nonNegDecimalText.optional(),
        /** Ties go to selling inside tax-deferred / tax-free accounts (default true). */
        preferTaxAdvantaged: z.boolean().optional(),
        /** Wash sales are flagged (default) or prevented. */
        washSales: z.enum(WASH_SALE_HANDLING).optional(),
        /** do-not-buy / do-not-sell / do-not-trade, per security, in one account or (no account) everywhere. */
        restrictions: z.array(restrictionSchema).optional(),
        /** The most money the plan may trade (buys plus sells). */
        turnoverCap: nonNegDecimalText.optional(),
        /** Money per trade (a cost the search weighs). */
        tradeCost: nonNegDecimalText.optional(),
      })
      .strict()
      .default({ mode: 'full', cashFlows: {}, minTrade: '0', pinned: [] }),
    /** Purchases and sales already made (any account, planned or not), for wash sales. */
    history: z.array(historySchema).optional(),
  })
  .strict();

export type PlanInputJson = z.input<typeof planInputSchema>;

export interface Lot {
  acquired: string;
  quantity: Decimal;
  costPerShare: Decimal;
}

export interface PlanAccount {
  id: string;
  taxTreatment: TaxTreatment;
  cash: Decimal;
  cashReserve: Decimal;
  fractional: boolean;
}

export interface PlanSecurity {
  symbol: string;
  price: Decimal;
  /** Sleeve → weight in percent (of 100). */
  sleeves: Map<string, Decimal>;
}

export interface PlanPosition {
  account: string;
  symbol: string;
  quantity: Decimal;
  lots: Lot[] | null;
}

export interface PlanModel {
  /** Sleeve → target in percent; sums to exactly 100. */
  targets: Map<string, Decimal>;
  bands: Map<string, { absolutePp: Decimal; relativePct: Decimal }>;
  bandRule: BandRule;
}

export interface PlanOptions {
  mode: PlanMode;
  cashFlows: Map<string, Decimal>;
  minTrade: Decimal;
  pinned: PinnedTrade[];
  /** band mode: to the target instead of the band edge. */
  toTarget: boolean;
  /** min-cash mode: the account receiving the contribution. */
  minCashAccount?: string;
  /** Day the plan is made; decides short- vs long-term gains. Defaults to today (UTC) when absent. */
  asOf: string;
  timeLimitMs: number;
  /** Which lots a sale uses (lots.ts): HIFO, FIFO or the min-tax order; specificLots come first. */
  lotMethod: LotMethod;
  specificLots: SpecificLot[];
  /** Taxable sales may not realise a short-term gain (problem.ts caps each sale before the first such lot). */
  blockShortTermGains: boolean;
  /** The most net realised gain in taxable accounts; null: no limit. */
  gainBudget: Decimal | null;
  /** Ties go to selling inside tax-deferred / tax-free accounts (problem.ts saleTax). */
  preferTaxAdvantaged: boolean;
  washSales: (typeof WASH_SALE_HANDLING)[number];
  restrictions: Restriction[];
  /** The most money the plan may trade (buys plus sells); null: no limit. */
  turnoverCap: Decimal | null;
  /** Money per trade. */
  tradeCost: Decimal;
}

/** A lot the user picked for a sale: `quantity` shares of the lots acquired on `acquired`. */
export interface SpecificLot {
  account: string;
  symbol: string;
  acquired: string;
  quantity: Decimal;
}

/** A do-not-trade rule for a security in one account, or (account null) in every account. */
export interface Restriction {
  symbol: string;
  account: string | null;
  rule: RestrictionRule;
}

/** A purchase or sale already made (for wash sales); its account and symbol need not be planned. */
export interface HistoryEntry {
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  date: string;
  quantity: Decimal;
  price: Decimal | null;
  /** A sale's realised gain, when known (negative: a loss). */
  gain: Decimal | null;
}

export interface PlanInput {
  accounts: PlanAccount[];
  securities: PlanSecurity[];
  positions: PlanPosition[];
  /** Account → symbols it may buy; an account absent here (or the whole map null) may buy any listed security. */
  buyable: Map<string, Set<string>> | null;
  model: PlanModel;
  options: PlanOptions;
  /** Purchases and sales before options.asOf (empty when none given). */
  history: HistoryEntry[];
}

/** A trade fixed by the user (pinned mode): exactly one of fraction (of the holding, sells), amount (money, buys) or quantity. */
export interface PinnedTrade {
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  fraction?: Decimal;
  amount?: Decimal;
  quantity?: Decimal;
}

const pinnedSchema = z
  .object({
    account: z.string().min(1),
    symbol: z.string().min(1),
    side: z.enum(['buy', 'sell']),
    fraction: nonNegDecimalText.optional(),
    amount: nonNegDecimalText.optional(),
    quantity: nonNegDecimalText.optional(),
  })
  .strict();

function parsePinned(raw: unknown, i: number, accounts: Set<string>, symbols: Set<string>): PinnedTrade {
  const path = `options.pinned[${i}]`;
  const r = pinnedSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PlanInputError(issue?.message ?? 'invalid pinned trade', `${path}${issue?.path.length ? `.${issue.path.join('.')}` : ''}`);
  }
  const t = r.data;
  if (!accounts.has(t.account)) throw new PlanInputError(`unknown account "${t.account}"`, `${path}.account`);
  if (!symbols.has(t.symbol)) throw new PlanInputError(`unknown security "${t.symbol}"`, `${path}.symbol`);
  const given = [t.fraction, t.amount, t.quantity].filter((x) => x !== undefined).length;
  if (given !== 1) throw new PlanInputError('give exactly one of fraction, amount or quantity', path);
  if (t.fraction !== undefined && dec(t.fraction).greaterThan(1)) throw new PlanInputError('a fraction is at most 1', `${path}.fraction`);
  return {
    account: t.account,
    symbol: t.symbol,
    side: t.side,
    ...(t.fraction !== undefined ? { fraction: dec(t.fraction) } : {}),
    ...(t.amount !== undefined ? { amount: dec(t.amount) } : {}),
    ...(t.quantity !== undefined ? { quantity: dec(t.quantity) } : {}),
  };
}

export const DEFAULT_TIME_LIMIT_MS = 2000;
/** Fractional accounts trade in steps of this many shares (a choice: most brokers quote fractions to 0.001). */
export const FRACTIONAL_STEP = '0.001';

/** A planner input the planner cannot carry out: VALIDATION, naming the offending field (details.field). */
export class PlanInputError extends CoreError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super('VALIDATION', path ? `${path}: ${message}` : message, { field: path });
    this.name = 'PlanInputError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Parses and cross-checks a plan input; throws PlanInputError with the offending field's path. */
export function parsePlanInput(raw: unknown): PlanInput {
  const parsed = planInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanInputError(issue?.message ?? 'invalid plan input', pathText(issue?.path ?? []));
  }
  const j = parsed.data;
  const fail = (message: string, path: string): never => {
    throw new PlanInputError(message, path);
  };

  const accounts: PlanAccount[] = [];
  const accountIds = new Set<string>();
  j.accounts.forEach((a, i) => {
    if (accountIds.has(a.id)) fail(`account "${a.id}" is listed twice`, `accounts[${i}].id`);
    accountIds.add(a.id);
    accounts.push({ id: a.id, taxTreatment: a.taxTreatment, cash: dec(a.cash), cashReserve: dec(a.cashReserve), fractional: a.fractional });
  });

  const securities: PlanSecurity[] = [];
  const symbols = new Set<string>();
  j.securities.forEach((s, i) => {
    if (symbols.has(s.symbol)) fail(`security "${s.symbol}" is listed twice`, `securities[${i}].symbol`);
    symbols.add(s.symbol);
    const sleeves = new Map<string, Decimal>();
    for (const [name, w] of Object.entries(s.sleeves)) {
      const d = dec(String(w));
      if (d.greaterThan(100)) fail('a sleeve weight is at most 100', `securities[${i}].sleeves.${name}`);
      if (!d.isZero()) sleeves.set(name, d);
    }
    const total = [...sleeves.values()].reduce((t, v) => t.plus(v), new Decimal(0));
    if (total.greaterThan(100)) fail(`sleeve weights sum to ${total.toFixed()}, more than 100`, `securities[${i}].sleeves`);
    securities.push({ symbol: s.symbol, price: dec(s.price), sleeves });
  });

  const positions: PlanPosition[] = [];
  const held = new Set<string>();
  j.positions.forEach((p, i) => {
    if (!accountIds.has(p.account)) fail(`unknown account "${p.account}"`, `positions[${i}].account`);
    if (!symbols.has(p.symbol)) fail(`unknown security "${p.symbol}" (list it under securities with a price)`, `positions[${i}].symbol`);
    const key = `${p.account}\u0000${p.symbol}`;
    if (held.has(key)) fail(`"${p.symbol}" is listed twice in account "${p.account}"`, `positions[${i}]`);
    held.add(key);
    positions.push({
      account: p.account,
      symbol: p.symbol,
      quantity: dec(p.quantity),
      lots: p.lots ? p.lots.map((l) => ({ acquired: l.acquired, quantity: dec(l.quantity), costPerShare: dec(l.costPerShare) })) : null,
    });
  });

  let buyable: Map<string, Set<string>> | null = null;
  if (j.buyable) {
    buyable = new Map();
    for (const [account, list] of Object.entries(j.buyable)) {
      if (!accountIds.has(account)) fail(`unknown account "${account}"`, `buyable.${account}`);
      list.forEach((sym, k) => {
        if (!symbols.has(sym)) fail(`unknown security "${sym}"`, `buyable.${account}[${k}]`);
      });
      // As the stored menus (allocation/menus.ts): an account with no list, or an empty one, can buy anything.
      if (list.length > 0) buyable.set(account, new Set(list));
    }
  }

  const targets = new Map<string, Decimal>();
  for (const [sleeve, t] of Object.entries(j.model.targets)) targets.set(sleeve, dec(String(t)));
  const targetSum = [...targets.values()].reduce((t, v) => t.plus(v), new Decimal(0));
  if (!targetSum.equals(100)) fail(`targets sum to ${targetSum.toFixed()}, not exactly 100`, 'model.targets');
  const bands = new Map<string, { absolutePp: Decimal; relativePct: Decimal }>();
  for (const [sleeve, b] of Object.entries(j.model.bands ?? {})) {
    bands.set(sleeve, { absolutePp: dec(String(b.absolutePp)), relativePct: dec(String(b.relativePct)) });
  }

  const o = j.options;
  const cashFlows = new Map<string, Decimal>();
  for (const [account, amount] of Object.entries(o.cashFlows)) {
    if (!accountIds.has(account)) fail(`unknown account "${account}"`, `options.cashFlows.${account}`);
    cashFlows.set(account, dec(amount));
  }
  if (o.mode === 'invest') {
    for (const [account, amount] of cashFlows) {
      if (amount.isNegative()) fail('invest mode takes contributions only (a withdrawal is the raise mode)', `options.cashFlows.${account}`);
    }
  }
  for (const [account, amount] of Object.entries(o.raise ?? {})) {
    if (o.mode !== 'raise') fail('options.raise is for the raise mode', `options.raise.${account}`);
    if (!accountIds.has(account)) fail(`unknown account "${account}"`, `options.raise.${account}`);
    cashFlows.set(account, (cashFlows.get(account) ?? new Decimal(0)).minus(dec(amount)));
  }
  if (o.mode === 'raise') {
    for (const [account, amount] of cashFlows) {
      if (amount.isPositive() && !amount.isZero()) fail('raise mode takes withdrawals only (a contribution is the invest mode)', `options.cashFlows.${account}`);
    }
  }
  if (o.pinned.length > 0 && o.mode !== 'pinned') fail('pinned trades are planned in the pinned mode', 'options.pinned');
  const pinned = o.pinned.map((raw, i) => parsePinned(raw, i, accountIds, symbols));

  const restrictions: Restriction[] = (o.restrictions ?? []).map((r, i) => {
    if (!symbols.has(r.symbol)) fail(`unknown security "${r.symbol}"`, `options.restrictions[${i}].symbol`);
    if (r.account !== undefined && !accountIds.has(r.account)) fail(`unknown account "${r.account}"`, `options.restrictions[${i}].account`);
    return { symbol: r.symbol, account: r.account ?? null, rule: r.rule };
  });

  // Specific lots: the position must exist and hold lots acquired that day, enough for every pick of that day.
  const specificLots: SpecificLot[] = [];
  const picked = new Map<string, Decimal>();
  (o.specificLots ?? []).forEach((l, i) => {
    const path = `options.specificLots[${i}]`;
    if (!accountIds.has(l.account)) fail(`unknown account "${l.account}"`, `${path}.account`);
    if (!symbols.has(l.symbol)) fail(`unknown security "${l.symbol}"`, `${path}.symbol`);
    const pos = positions.find((p) => p.account === l.account && p.symbol === l.symbol);
    if (!pos) fail(`${l.account} holds no ${l.symbol}`, path);
    if (!pos?.lots) fail(`${l.symbol} in ${l.account} has no lots to pick from`, path);
    const q = dec(l.quantity);
    if (!q.greaterThan(0)) fail('a picked lot needs a positive quantity', `${path}.quantity`);
    const key = `${l.account}\u0000${l.symbol}\u0000${l.acquired}`;
    const total = (picked.get(key) ?? new Decimal(0)).plus(q);
    picked.set(key, total);
    const there = (pos?.lots ?? []).filter((x) => x.acquired === l.acquired).reduce((t, x) => t.plus(x.quantity), new Decimal(0));
    if (there.isZero()) fail(`${l.symbol} in ${l.account} has no lot acquired ${l.acquired}`, `${path}.acquired`);
    if (total.greaterThan(there)) fail(`picks ${total.toFixed()} shares of the ${l.acquired} lots of ${l.symbol} in ${l.account}, which hold ${there.toFixed()}`, `${path}.quantity`);
    specificLots.push({ account: l.account, symbol: l.symbol, acquired: l.acquired, quantity: q });
  });

  const history: HistoryEntry[] = (j.history ?? []).map((h) => ({
    account: h.account,
    symbol: h.symbol,
    side: h.side,
    date: h.date,
    quantity: dec(h.quantity),
    price: h.price !== undefined ? dec(h.price) : null,
    gain: h.gain !== undefined ? dec(h.gain) : null,
  }));

  return {
    accounts,
    securities,
    positions,
    buyable,
    model: { targets, bands, bandRule: j.model.bandRule },
    options: {
      mode: o.mode,
      cashFlows,
      minTrade: dec(o.minTrade),
      pinned,
      toTarget: o.toTarget ?? false,
      ...(o.minCashAccount !== undefined ? { minCashAccount: o.minCashAccount } : {}),
      asOf: o.asOf ?? new Date().toISOString().slice(0, 10),
      timeLimitMs: o.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      lotMethod: o.lotMethod ?? 'hifo',
      specificLots,
      blockShortTermGains: o.blockShortTermGains ?? false,
      gainBudget: o.gainBudget !== undefined ? dec(o.gainBudget) : null,
      preferTaxAdvantaged: o.preferTaxAdvantaged ?? true,
      washSales: o.washSales ?? 'flag',
      restrictions,
      turnoverCap: o.turnoverCap !== undefined ? dec(o.turnoverCap) : null,
      tradeCost: o.tradeCost !== undefined ? dec(o.tradeCost) : new Decimal(0),
    },
    history,
  };
}

// ---- Output (decimals as strings) ----

export interface PlanTradeLot {
  acquired: string;
  quantity: DecimalString;
  costPerShare: DecimalString;
}

// The plan's output shape is part of the contract (src/shared/contract.ts): one declaration for the CLI, the
// doors and the planner.
export type PlanTrade = PlanTradeView;
export type PlanOutput = PlanResultView;
