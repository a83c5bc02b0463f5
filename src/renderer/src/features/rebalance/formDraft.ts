// What the Rebalance page keeps across a reload: the form as typed, the prices typed for symbols without one, and
// the id of the last plan (the core keeps every plan as a draft; the page reads it back by id). Pure parser: a
// stored value that does not have exactly this shape is refused (null) and the page starts fresh.
import { arrayOf, draftScope, isRecord, isString, readDraft, stringRecord } from '../../drafts';
import { DEFAULT_FORM, LOT_METHOD_LABELS, MODE_LABELS, RULE_LABELS, type CashEntry, type Pin, type PlanForm, type Restriction } from './request';

export const REBALANCE_DRAFT = 'rebalance';

export interface RebalanceDraft {
  form: PlanForm;
  typedPrices: Record<string, string>;
  /** The plan last shown (a draft or a saved plan in the core), or null. */
  planId: number | null;
}

const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): v is T => isString(v) && (allowed as readonly string[]).includes(v);

function parseRestriction(v: unknown): Restriction | null {
  if (!isRecord(v) || !isString(v.symbol) || !oneOf(v.rule, Object.keys(RULE_LABELS) as Restriction['rule'][])) return null;
  if (v.account !== undefined && !isString(v.account)) return null;
  return { symbol: v.symbol, rule: v.rule, ...(v.account !== undefined ? { account: v.account } : {}) };
}

function parsePin(v: unknown): Pin | null {
  if (!isRecord(v) || !isString(v.account) || !isString(v.symbol) || !oneOf(v.side, ['buy', 'sell'] as const)) return null;
  const sizes = (['fraction', 'amount', 'quantity'] as const).filter((k) => v[k] !== undefined);
  const size = sizes[0];
  if (sizes.length !== 1 || size === undefined || !isString(v[size])) return null;
  return { account: v.account, symbol: v.symbol, side: v.side, [size]: v[size] };
}

function parseCash(v: unknown): Record<string, CashEntry> | null {
  if (!isRecord(v)) return null;
  const out: Record<string, CashEntry> = {};
  for (const [k, e] of Object.entries(v)) {
    if (!isRecord(e) || !oneOf(e.direction, ['add', 'withdraw'] as const) || !isString(e.amount)) return null;
    out[k] = { direction: e.direction, amount: e.amount };
  }
  return out;
}

export function parsePlanForm(v: unknown): PlanForm | null {
  if (!isRecord(v)) return null;
  const cash = parseCash(v.cash);
  const reserves = stringRecord(v.reserves);
  const restrictions = arrayOf(v.restrictions, parseRestriction);
  const pinned = arrayOf(v.pinned, parsePin);
  const fractional = arrayOf(v.fractional, (x) => (isString(x) ? x : null));
  const strings = ['model', 'minTrade', 'gainBudget', 'turnoverCap', 'tradeCost'] as const;
  const booleans = ['toTarget', 'blockShortTermGains', 'preferTaxAdvantaged'] as const;
  if (!cash || !reserves || !restrictions || !pinned || !fractional) return null;
  if (!strings.every((k) => isString(v[k])) || !booleans.every((k) => typeof v[k] === 'boolean')) return null;
  if (!oneOf(v.mode, Object.keys(MODE_LABELS) as PlanForm['mode'][])) return null;
  if (!oneOf(v.lotMethod, Object.keys(LOT_METHOD_LABELS) as PlanForm['lotMethod'][])) return null;
  if (!oneOf(v.washSales, ['flag', 'prevent'] as const)) return null;
  return {
    ...DEFAULT_FORM,
    model: v.model as string,
    mode: v.mode,
    cash,
    minTrade: v.minTrade as string,
    toTarget: v.toTarget as boolean,
    lotMethod: v.lotMethod,
    blockShortTermGains: v.blockShortTermGains as boolean,
    gainBudget: v.gainBudget as string,
    preferTaxAdvantaged: v.preferTaxAdvantaged as boolean,
    washSales: v.washSales,
    turnoverCap: v.turnoverCap as string,
    tradeCost: v.tradeCost as string,
    reserves,
    restrictions,
    pinned,
    fractional,
  };
}

export function parseRebalanceDraft(v: unknown): RebalanceDraft | null {
  if (!isRecord(v)) return null;
  const form = parsePlanForm(v.form);
  const typedPrices = stringRecord(v.typedPrices);
  const planId = v.planId === null ? null : Number.isSafeInteger(v.planId) && (v.planId as number) > 0 ? (v.planId as number) : undefined;
  if (!form || !typedPrices || planId === undefined) return null;
  return { form, typedPrices, planId };
}

/** The plan the Rebalance page shows (kept in its draft), for the Plans page to link; null when none. */
export async function planOnRebalance(): Promise<number | null> {
  return readDraft(await draftScope(), REBALANCE_DRAFT, parseRebalanceDraft)?.planId ?? null;
}
