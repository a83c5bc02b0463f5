// The planner's views (a plan, its trades, sleeves, accounts and taxes; a plan job) and saved plans (list,
// re-run, follow-up, the printable trade list).
import type { DecimalString, ErrorCode } from './app.ts';
import type { TaxTreatment } from './household.ts';
import type { MissingPriceView } from './prices.ts';

/** Planner modes; the core plans those in its SUPPORTED_MODES and refuses the others with VALIDATION. */
export const PLAN_MODES = ['full', 'band', 'invest', 'raise', 'pinned', 'min-cash'] as const;
export type PlanModeName = (typeof PLAN_MODES)[number];
/** Which lots a sale uses: highest cost first, first in first out, or the least tax. */
export const LOT_METHODS = ['hifo', 'fifo', 'min-tax'] as const;
export type LotMethodName = (typeof LOT_METHODS)[number];
export const WASH_SALE_HANDLING = ['flag', 'prevent'] as const;
export const RESTRICTION_RULES = ['no-buy', 'no-sell', 'no-trade'] as const;
export type RestrictionRule = (typeof RESTRICTION_RULES)[number];

/**
 * What the user asks the planner for (planHousehold, startPlan); saved with every plan so it can be re-run.
 * Amounts and quantities are decimal strings; accounts are named by id, masked number or name. The contract's
 * zod schema (contract/plans.ts) checks the same shape and is compile-time tied to this type.
 */
export interface PlanRequest {
  model?: string;
  mode: PlanModeName;
  /** Money added (negative: withdrawn) per account. */
  cash?: { account: string; amount: DecimalString }[];
  minTrade?: DecimalString;
  /** YYYY-MM-DD; default today. */
  asOf?: string;
  timeLimitMs?: number;
  /** band mode: trade out-of-band sleeves to their target rather than the band edge. */
  toTarget?: boolean;
  /** Which lots a sale uses (default HIFO); specificLots overrides it for the named positions. */
  lotMethod?: LotMethodName;
  specificLots?: { account: string; symbol: string; acquired: string; quantity: DecimalString }[];
  blockShortTermGains?: boolean;
  /** The most net realised gain (taxable accounts) the plan may add this year. */
  gainBudget?: DecimalString;
  /** Prefer selling inside tax-deferred and tax-free accounts (default true). */
  preferTaxAdvantaged?: boolean;
  /** Wash sales are flagged (default) or prevented. */
  washSales?: (typeof WASH_SALE_HANDLING)[number];
  /** do-not-buy / do-not-sell / do-not-trade, per security, in one account or (no account) everywhere. */
  restrictions?: { symbol: string; account?: string; rule: RestrictionRule }[];
  /** Trades fixed by the user (pinned mode): exactly one of fraction (0–1 of the holding), amount or quantity. */
  pinned?: { account: string; symbol: string; side: 'buy' | 'sell'; fraction?: DecimalString; amount?: DecimalString; quantity?: DecimalString }[];
  /** The most money the plan may trade (buys plus sells). */
  turnoverCap?: DecimalString;
  /** What one trade costs the plan, in money (F): a trade must lower D by more than this to be made. Default 0. */
  tradeCost?: DecimalString;
  /** Cash each account keeps (default 0). */
  reserves?: { account: string; amount: DecimalString }[];
  /** Accounts that trade fractional shares. */
  fractional?: string[];
  /** Prices entered with the request (symbol → price, e.g. { XLI: "120.5" }): saved as today's manual prices before planning. */
  prices?: Record<string, DecimalString>;
}

/** One trade of a plan, as `keel plan --json` prints it (decimals as strings). */
export interface PlanTradeView {
  /** The planner's account id: the Keel account id as a string. */
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: DecimalString;
  price: DecimalString;
  amount: DecimalString;
  lots: { acquired: string; quantity: DecimalString; costPerShare: DecimalString }[];
  gain: { short: DecimalString; long: DecimalString };
  why: string;
  /** What the user should look at before placing it: a sale at a loss next to a purchase (wash sale), a short-term gain. */
  flags?: PlanTradeFlag[];
}

export type PlanTradeFlag = 'wash-sale' | 'short-term-gain' | 'pinned';

/** One sleeve before and after a plan: values in money, weights as fractions of V rounded to 6 places. */
export interface PlanSleeveView {
  sleeve: string;
  target: DecimalString;
  before: DecimalString;
  after: DecimalString;
  beforeValue: DecimalString;
  afterValue: DecimalString;
}

/** One account before and after a plan (cash after cash flows and trades). */
export interface PlanAccountView {
  account: string;
  valueBefore: DecimalString;
  valueAfter: DecimalString;
  cashBefore: DecimalString;
  cashAfter: DecimalString;
  bought: DecimalString;
  sold: DecimalString;
}

/** Estimated realised gains of a plan's sales in taxable accounts (sales in tax-advantaged accounts are not taxed). */
export interface PlanTaxView {
  shortTerm: DecimalString;
  longTerm: DecimalString;
  /** Gains and losses realised inside tax-deferred / tax-free accounts, for information. */
  sheltered: DecimalString;
  /** Sales that would realise a loss within 30 days of a purchase of the same security in any account. */
  washSales: number;
}

export interface PlanResultView {
  trades: PlanTradeView[];
  /** D / (2V), a fraction rounded to 6 places. */
  drift: { before: DecimalString; after: DecimalString };
  objective: DecimalString;
  optimal: boolean;
  gap: DecimalString;
  /** The planner's own time for this plan (search, rendering, verification), ms. */
  elapsedMs?: number;
  leftoverCash: Record<string, DecimalString>;
  warnings: string[];
  /** Household value V after cash flows. */
  value?: DecimalString;
  sleeves?: PlanSleeveView[];
  accounts?: PlanAccountView[];
  tax?: PlanTaxView;
  /** min-cash mode only: the smallest contribution found, in total and per account. */
  minCash?: { total: DecimalString; perAccount: Record<string, DecimalString> };
  /** band mode only: the minimised deviation from the band edges and each sleeve's status before. */
  band?: {
    objective: DecimalString;
    toTarget: boolean;
    sleeves: { sleeve: string; status: 'in' | 'over' | 'under'; before: DecimalString; aim: DecimalString }[];
  };
}

export interface HouseholdPlanView {
  plan: PlanResultView;
  /** What was left out of the plan or assumed (accounts, prices, classifications), then the planner's warnings. */
  warnings: string[];
  /** The planned accounts: the id trades name, the account's name, number and tax treatment. */
  accounts: { id: string; name: string; numberMasked?: string; taxTreatment?: TaxTreatment }[];
  /** The model planned against, the mode, and the oldest price date the plan used. */
  model?: string;
  mode?: PlanModeName;
  pricesAsOf?: string | null;
  /** Symbol → the date (YYYY-MM-DD) of the price the plan used for it: the trade list names those older than the price-age setting. */
  priceDates?: Record<string, string>;
  /** Security names for the trade list (symbol → name), where Keel knows one. */
  names?: Record<string, string>;
  /** The saved plan's id when the plan was recorded (startPlan records every plan it finishes). */
  planId?: number;
  /**
   * Preferred buys, menu symbols and pinned symbols Keel has no price for (in the base currency): left out of this
   * plan. Enter their prices (setPrice, or the request's `prices`) and plan again. Absent when none is missing.
   */
  missingPrices?: MissingPriceView[];
}

/** A plan being solved off the main thread (startPlan): progress while it runs, the plan when done. */
export interface PlanJobView {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  elapsedMs: number;
  timeLimitMs: number;
  /** The best drift found so far (fraction), while running. */
  bestDrift: DecimalString | null;
  result: HouseholdPlanView | null;
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> } | null;
}

export const SAVED_PLAN_STATUSES = ['draft', 'saved', 'executed'] as const;
export type SavedPlanStatus = (typeof SAVED_PLAN_STATUSES)[number];

/** One recorded plan in a list. Every plan Keel computes is recorded as a draft; the newest 50 unnamed drafts are kept. */
export interface SavedPlanSummary {
  id: number;
  /** ISO timestamp. */
  createdAt: string;
  name: string | null;
  status: SavedPlanStatus;
  model: string | null;
  mode: PlanModeName;
  /** The currency the plan's prices and amounts are in (the household's base currency when planned). */
  currency: string;
  tradeCount: number;
  /** Sums of the buys' and the sells' estimated amounts. */
  bought: DecimalString;
  sold: DecimalString;
  drift: { before: DecimalString; after: DecimalString };
  optimal: boolean;
  executedAt: string | null;
}

/** A recorded plan whole: what was asked and the result (with planId set). */
export interface SavedPlanView extends SavedPlanSummary {
  request: PlanRequest;
  view: HouseholdPlanView;
}

/** rerunPlan: the stored planner input planned again (recorded as a new draft, `view.planId`) and compared. */
export interface PlanRerunView {
  planId: number;
  /** The trades equal the saved plan's exactly (account, symbol, side, quantity, price, amount, lots). */
  same: boolean;
  /** Both runs finished their search (proven optimal), so the same input must give the same trades. */
  deterministic: boolean;
  /** One line per trade that differs ("sell 90 AAPL in 1: saved, not now"). */
  differences: string[];
  note: string;
  view: HouseholdPlanView;
}

export type PlanFollowUpStatus = 'done' | 'partly' | 'not-done' | 'no-import';

export interface PlanFollowUpTradeView {
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: DecimalString;
  /** Shares held when planned, expected after the trade, and held per the newer import (null: no newer import). */
  before: DecimalString;
  expected: DecimalString;
  now: DecimalString | null;
  /** Shares of the trade still to do (0 when done; null without a newer import). */
  remaining: DecimalString | null;
  status: PlanFollowUpStatus;
}

export interface PlanFollowUpView {
  planId: number;
  /** not-executed: mark it executed first; waiting-for-import: no account of the plan has a newer import yet. */
  state: 'not-executed' | 'waiting-for-import' | 'compared';
  executedAt: string | null;
  accounts: { id: string; name: string; importedAt: string | null; asOf: string | null }[];
  trades: PlanFollowUpTradeView[];
  counts: { done: number; partly: number; notDone: number; noImport: number };
}

/** The printable trade list of a recorded plan: body markup under a `.trade-list` root (style: core/report/trade-list.css). */
export interface TradeListView {
  planId: number;
  title: string;
  html: string;
  /** The trades as CSV (RFC 4180, CRLF, formula-safe). */
  csv: string;
  /** A file name without extension, e.g. "keel-trade-list-2026-11-29-plan-12". */
  fileName: string;
}
