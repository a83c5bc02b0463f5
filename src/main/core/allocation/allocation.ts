// Current allocation per sleeve against a model: split securities counted in each sleeve by weight
// (look-through), uninvested cash in Cash, drift in points and relative to target, and band status.
import { DEFAULT_BAND_ABSOLUTE_PP, DEFAULT_BAND_RELATIVE_PCT, type AllocationHistoryPoint, type AllocationView, type ClassificationView, type HouseholdSummary, type SleeveAllocationView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { fxRateMap } from '../household/fx.ts';
import { householdSummary } from '../household/summary.ts';
import { Decimal, dec, moneyString } from '../money.ts';
import { band, bandStatus } from './bands.ts';
import { listSleeves, makeClassifier, cyclicalsSetting, type Classifier } from './classifier.ts';
import { findModel } from './models.ts';

const PCT_PLACES = 4;
const pct = (d: Decimal) => d.toDecimalPlaces(PCT_PLACES, Decimal.ROUND_HALF_EVEN).toFixed();

interface Holding {
  accountId: number;
  symbol: string;
  name: string;
  assetType: string;
  value: Decimal; // base currency
}

/** Every holding and every account's cash in the base currency; accounts without a known rate are left out. */
function holdings(summary: HouseholdSummary, db: Db): { holdings: Holding[]; cash: Map<number, Decimal> } {
  const rates = fxRateMap(db);
  const out: Holding[] = [];
  const cash = new Map<number, Decimal>();
  for (const a of summary.accounts) {
    const rate = a.currency === summary.baseCurrency ? dec(1) : rates.get(a.currency);
    if (!rate) continue;
    cash.set(a.id, dec(a.cash).times(rate));
    for (const p of a.positions) {
      out.push({ accountId: a.id, symbol: p.symbol, name: p.name, assetType: p.assetType, value: dec(p.marketValue).times(rate) });
    }
  }
  return { holdings: out, cash };
}

/** Sleeve name → value, plus what could not be classified. */
function bySleeve(hs: Holding[], cash: Decimal, cashSleeve: string, classify: Classifier) {
  const values = new Map<string, Decimal>();
  const add = (sleeve: string, v: Decimal) => values.set(sleeve, (values.get(sleeve) ?? dec(0)).plus(v));
  const unclassified: { symbol: string; name: string; value: Decimal; reason: string }[] = [];
  if (!cash.isZero()) add(cashSleeve, cash);
  for (const h of hs) {
    const c = classify(h);
    if ('unclassified' in c) {
      const known = unclassified.find((u) => u.symbol === h.symbol);
      if (known) known.value = known.value.plus(h.value);
      else unclassified.push({ symbol: h.symbol, name: h.name, value: h.value, reason: c.reason });
      continue;
    }
    for (const [sleeve, weight] of Object.entries(c.sleeves)) add(sleeve, h.value.times(weight).div(100));
  }
  return { values, unclassified };
}

export function computeAllocation(db: Db, modelName?: string): AllocationView {
  const summary = householdSummary(db);
  const model = findModel(db, modelName);
  const sleeves = listSleeves(db);
  const cashSleeve = sleeves.find((s) => s.key === 'Cash')?.name ?? 'Cash';
  const classify = makeClassifier(db);
  const { holdings: hs, cash } = holdings(summary, db);
  const totalCash = [...cash.values()].reduce((a, b) => a.plus(b), dec(0));
  const { values, unclassified } = bySleeve(hs, totalCash, cashSleeve, classify);
  const total = hs.reduce((a, h) => a.plus(h.value), totalCash);
  const targets = new Map((model?.targets ?? []).map((t) => [t.sleeve, t]));

  const rows: SleeveAllocationView[] = [];
  for (const s of sleeves) {
    const value = values.get(s.name) ?? dec(0);
    const t = targets.get(s.name);
    if (!t && value.isZero()) continue;
    const target = dec(t?.targetPct ?? 0);
    const current = total.isZero() ? dec(0) : value.div(total).times(100);
    const drift = current.minus(target);
    const b = band(target, t?.absolutePp ?? DEFAULT_BAND_ABSOLUTE_PP, t?.relativePct ?? DEFAULT_BAND_RELATIVE_PCT, model?.bandRule ?? 'either');
    rows.push({
      sleeve: s.name,
      value: moneyString(value),
      currentPct: pct(current),
      targetPct: target.toFixed(),
      driftPp: pct(drift),
      driftRelPct: target.isZero() ? null : pct(drift.div(target).times(100)),
      bandLowPct: pct(b.low),
      bandHighPct: pct(b.high),
      status: model ? bandStatus(current, target, b) : 'in',
    });
  }

  const accounts = summary.accounts.flatMap((a) => {
    const own = hs.filter((h) => h.accountId === a.id);
    const c = cash.get(a.id);
    if (c === undefined) return [];
    const { values: v } = bySleeve(own, c, cashSleeve, classify);
    const t = own.reduce((acc, h) => acc.plus(h.value), c);
    return [
      {
        id: a.id,
        name: a.name,
        total: moneyString(t),
        sleeves: sleeves
          .filter((s) => v.has(s.name))
          .map((s) => ({ sleeve: s.name, value: moneyString(v.get(s.name)!), currentPct: pct(t.isZero() ? dec(0) : v.get(s.name)!.div(t).times(100)) })),
      },
    ];
  });

  return {
    model: model && { id: model.id, name: model.name, bandRule: model.bandRule },
    cyclicals: cyclicalsSetting(db),
    baseCurrency: summary.baseCurrency,
    total: moneyString(total),
    sleeves: rows,
    unclassified: unclassified
      .map((u) => ({ ...u, value: moneyString(u.value), currentPct: pct(total.isZero() ? dec(0) : u.value.div(total).times(100)) }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol)),
    accounts,
  };
}

/** Every security the household holds, with its sleeves and where they come from; unclassified first. */
export function listClassifications(db: Db): ClassificationView[] {
  const summary = householdSummary(db);
  const classify = makeClassifier(db);
  const { holdings: hs } = holdings(summary, db);
  const bySymbol = new Map<string, Holding & { total: Decimal }>();
  for (const h of hs) {
    const known = bySymbol.get(h.symbol);
    if (known) known.total = known.total.plus(h.value);
    else bySymbol.set(h.symbol, { ...h, total: h.value });
  }
  const views = [...bySymbol.values()].map((h): ClassificationView => {
    const c = classify(h);
    return 'unclassified' in c
      ? { symbol: h.symbol, name: h.name, assetType: h.assetType, value: moneyString(h.total), sleeves: null, source: null, basis: c.reason }
      : { symbol: h.symbol, name: h.name, assetType: h.assetType, value: moneyString(h.total), sleeves: c.sleeves, source: c.source, basis: c.basis };
  });
  return views.sort((a, b) => Number(a.sleeves !== null) - Number(b.sleeves !== null) || a.symbol.localeCompare(b.symbol));
}

/** Records the allocation as it stands (after an import) for the drift-history chart. */
export function recordAllocation(db: Db, batchId: number | null, now = new Date()): void {
  const a = computeAllocation(db);
  db.prepare('INSERT INTO allocation_history (taken_at, batch_id, model_name, total, sleeves) VALUES (?, ?, ?, ?, ?)').run(
    now.toISOString(),
    batchId,
    a.model?.name ?? null,
    a.total,
    JSON.stringify(a.sleeves.map((s) => ({ sleeve: s.sleeve, currentPct: s.currentPct, targetPct: s.targetPct, driftPp: s.driftPp }))),
  );
}

export function allocationHistory(db: Db): AllocationHistoryPoint[] {
  const rows = db.prepare('SELECT taken_at, model_name, total, sleeves FROM allocation_history ORDER BY taken_at, id').all() as {
    taken_at: string;
    model_name: string | null;
    total: string;
    sleeves: string;
  }[];
  return rows.map((r) => ({ takenAt: r.taken_at, model: r.model_name, total: r.total, sleeves: JSON.parse(r.sleeves) }));
}
