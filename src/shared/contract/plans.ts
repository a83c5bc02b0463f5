// The planner (a plan now, or in a worker with progress) and saved plans: list, keep, re-run, follow up, print.
import { z } from 'zod';
import {
  LOT_METHODS,
  PLAN_MODES,
  RESTRICTION_RULES,
  SAVED_PLAN_STATUSES,
  WASH_SALE_HANDLING,
  type HouseholdPlanView,
  type PlanFollowUpView,
  type PlanJobView,
  type PlanRequest,
  type PlanRerunView,
  type SavedPlanSummary,
  type SavedPlanView,
  type TradeListView,
} from '../types.ts';
import { id, isoDate, op, rowId } from './op.ts';
import { priceText, symbolText } from './prices.ts';

const accountKey = z.string().trim().min(1).max(200);
const amountText = z.string().trim().regex(/^\d{1,12}(\.\d{1,6})?$/, 'expected an amount like 100 or 1234.56');

/** What the user asks the planner for (planHousehold, startPlan): the PlanRequest type, checked. */
export const planRequest = z.strictObject({
  model: z.string().min(1).max(120).optional(),
  mode: z.enum(PLAN_MODES),
  /** Money added (negative: withdrawn) per account: its id, masked number or name. */
  cash: z
    .array(z.strictObject({ account: accountKey, amount: z.string().trim().regex(/^-?\d{1,12}(\.\d{1,6})?$/, 'expected an amount like 5000 or 1234.56') }))
    .max(500)
    .optional(),
  minTrade: amountText.optional(),
  asOf: isoDate.optional(),
  timeLimitMs: z.number().int().positive().max(600_000).optional(),
  /** band mode: trade out-of-band sleeves to their target rather than the band edge. */
  toTarget: z.boolean().optional(),
  /** Which lots a sale uses (default HIFO); specificLots overrides it for the named positions. */
  lotMethod: z.enum(LOT_METHODS).optional(),
  specificLots: z
    .array(z.strictObject({ account: accountKey, symbol: z.string().trim().min(1).max(64), acquired: isoDate, quantity: amountText }))
    .max(5000)
    .optional(),
  blockShortTermGains: z.boolean().optional(),
  /** The most net realised gain (taxable accounts) the plan may add this year. */
  gainBudget: amountText.optional(),
  /** Prefer selling inside tax-deferred and tax-free accounts (default true). */
  preferTaxAdvantaged: z.boolean().optional(),
  /** Wash sales are flagged (default) or prevented. */
  washSales: z.enum(WASH_SALE_HANDLING).optional(),
  /** do-not-buy / do-not-sell / do-not-trade, per security, in one account or (no account) everywhere. */
  restrictions: z
    .array(z.strictObject({ symbol: z.string().trim().min(1).max(64), account: accountKey.optional(), rule: z.enum(RESTRICTION_RULES) }))
    .max(5000)
    .optional(),
  /** Trades fixed by the user (pinned mode): exactly one of fraction (0–1 of the holding), amount or quantity. */
  pinned: z
    .array(
      z.strictObject({
        account: accountKey,
        symbol: z.string().trim().min(1).max(64),
        side: z.enum(['buy', 'sell']),
        fraction: z.string().trim().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'expected a fraction from 0 to 1').optional(),
        amount: amountText.optional(),
        quantity: amountText.optional(),
      }),
    )
    .max(500)
    .optional(),
  /** The most money the plan may trade (buys plus sells). */
  turnoverCap: amountText.optional(),
  /** What one trade costs the plan, in money (F): a trade must lower D by more than this to be made. Default 0. */
  tradeCost: amountText.optional(),
  /** Cash each account keeps (default 0). */
  reserves: z.array(z.strictObject({ account: accountKey, amount: amountText })).max(500).optional(),
  /** Accounts that trade fractional shares. */
  fractional: z.array(accountKey).max(500).optional(),
  /** Prices entered with the request, saved as today's manual prices before planning (contract/prices.ts). */
  prices: z.record(symbolText, priceText).refine((p) => Object.keys(p).length <= 500, 'at most 500 prices').optional(),
});

/** Fails to compile when the schema's input and the zod-free PlanRequest (types/plans.ts) drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _planRequestMatchesItsType: Same<z.input<typeof planRequest>, PlanRequest> = true;

const planIdInput = z.strictObject({ id: rowId });

export const planOperations = {
  /** Plans trades for the stored household against the active (or named) model, on the calling thread (the CLI). */
  planHousehold: op<HouseholdPlanView>()(planRequest),
  /** The same plan solved in a worker thread with a time limit; poll getPlanJob, stop with cancelPlan. */
  startPlan: op<{ jobId: string }>()(planRequest),
  getPlanJob: op<PlanJobView>()(z.strictObject({ jobId: id })),
  cancelPlan: op<PlanJobView>()(z.strictObject({ jobId: id })),
  listPlans: op<SavedPlanSummary[]>()(z.strictObject({ status: z.enum(SAVED_PLAN_STATUSES).optional() })),
  getPlan: op<SavedPlanView>()(planIdInput),
  /** Keeps a recorded plan (status saved; no longer pruned), optionally naming it. */
  savePlan: op<SavedPlanSummary>()(z.strictObject({ id: rowId, name: z.string().trim().min(1).max(120).optional() })),
  deletePlan: op<{ deleted: number }>()(planIdInput),
  /** The user placed the trades: remembers when and the newest import, for getPlanFollowUp. */
  markPlanExecuted: op<SavedPlanSummary>()(planIdInput),
  rerunPlan: op<PlanRerunView>()(planIdInput),
  getPlanFollowUp: op<PlanFollowUpView>()(planIdInput),
  getTradeList: op<TradeListView>()(planIdInput),
} as const;
