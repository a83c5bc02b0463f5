// The household as it stands: every account's newest snapshot, valued exactly by the one rule of valuation.ts.
import type { AccountView, HouseholdSummary, LotView, PositionView, TaxTreatment } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { fromMicro, microRatio, microToMoney, microToPlain, toMicroRounded } from '../money.ts';
import { baseCurrency, fxRateMap } from './fx.ts';
import { latestPrices, positionValue, type LatestPrice } from './valuation.ts';

interface AccountRow {
  id: bigint;
  name: string;
  broker: string;
  number_masked: string;
  tax_treatment: TaxTreatment;
  currency: string;
  is_demo: bigint;
  snapshot_id: bigint | null;
  as_of: string | null;
  cash_micro: bigint | null;
}

interface PositionRow {
  snapshot_id: bigint;
  account_id: bigint;
  security_id: bigint;
  symbol: string;
  name: string;
  asset_type: string;
  quantity_micro: bigint;
  price_micro: bigint;
  price_date: string | null;
  market_value_micro: bigint;
  account_value_micro: bigint | null;
  currency: string;
  cost_basis_micro: bigint | null;
  is_demo: bigint;
}

/** A position row with its value (account currency) and the latest price it was valued at. */
interface Valued extends PositionRow {
  value: bigint;
  latest: LatestPrice | null;
}

// The newest snapshot per account (latest as_of, then latest id for two snapshots on one day). An account with
// no statement at all (only a history or lots file went into it) holds nothing to show, value or plan: it is left
// out here, so of the Dashboard, plans and the printed list; the Accounts page lists it (accounts/list.ts).
const ACCOUNTS_SQL = `
  SELECT a.id, a.name, a.broker, a.number_masked, a.tax_treatment, a.currency, a.is_demo,
         s.id AS snapshot_id, s.as_of, s.cash_micro
  FROM accounts a
  LEFT JOIN snapshots s ON s.id = (
    SELECT id FROM snapshots WHERE account_id = a.id ORDER BY as_of DESC, id DESC LIMIT 1)
  WHERE s.id IS NOT NULL OR a.is_demo = 1
  ORDER BY a.is_demo DESC, a.id`;

const POSITIONS_SQL = `
  SELECT p.snapshot_id, s.account_id, p.security_id, sec.symbol, sec.name, sec.asset_type, p.quantity_micro, p.price_micro,
         p.price_date, p.market_value_micro, p.account_value_micro, p.currency, p.cost_basis_micro, a.is_demo
  FROM positions p JOIN securities sec ON sec.id = p.security_id JOIN snapshots s ON s.id = p.snapshot_id
  JOIN accounts a ON a.id = s.account_id
  WHERE p.snapshot_id IN (SELECT value FROM json_each(?))`;

// Lots of the newest lots batch per account and security (a lot-details export replaces the previous one).
const LOTS_SQL = `
  SELECT l.account_id, l.security_id, l.acquired, l.quantity_micro, l.cost_basis_micro
  FROM lots l
  WHERE l.batch_id IS (SELECT MAX(l2.batch_id) FROM lots l2 WHERE l2.account_id = l.account_id AND l2.security_id = l.security_id)
  ORDER BY l.acquired, l.id`;

interface LotRow {
  account_id: bigint;
  security_id: bigint;
  acquired: string;
  quantity_micro: bigint;
  cost_basis_micro: bigint;
}

function lotsByHolding(db: Db): Map<string, LotView[]> {
  const out = new Map<string, LotView[]>();
  for (const l of db.prepare(LOTS_SQL).safeIntegers(true).all() as LotRow[]) {
    const key = `${l.account_id}:${l.security_id}`;
    const lot = { acquired: l.acquired, quantity: microToPlain(l.quantity_micro), costBasis: microToMoney(l.cost_basis_micro) };
    const list = out.get(key);
    if (list) list.push(lot);
    else out.set(key, [lot]);
  }
  return out;
}

export function householdSummary(db: Db): HouseholdSummary {
  const lots = lotsByHolding(db);
  const accounts = db.prepare(ACCOUNTS_SQL).safeIntegers(true).all() as AccountRow[];
  const snapshotIds = accounts.flatMap((a) => (a.snapshot_id === null ? [] : [a.snapshot_id.toString()]));
  const positions = db
    .prepare(POSITIONS_SQL)
    .safeIntegers(true)
    .all(`[${snapshotIds.join(',')}]`) as PositionRow[];

  const prices = latestPrices(db);
  const bySnapshot = new Map<string, Valued[]>();
  for (const p of positions) {
    const { value, price } = positionValue(p, prices);
    const v: Valued = { ...p, value, latest: price };
    const key = p.snapshot_id.toString();
    const list = bySnapshot.get(key);
    if (list) list.push(v);
    else bySnapshot.set(key, [v]);
  }
  // Largest holding first, then by symbol.
  for (const list of bySnapshot.values()) {
    list.sort((x, y) => (x.value > y.value ? -1 : x.value < y.value ? 1 : x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : 0));
  }

  // Integer micro-units (BigInt) throughout: exact, and fast enough for 10k-position households.
  const base = baseCurrency(db);
  const rates = fxRateMap(db);
  const missing = new Set<string>();
  /** An amount in the account's currency, in the base currency; null without a rate. */
  const toBase = (micro: bigint, currency: string): bigint | null => {
    if (currency === base) return micro;
    const rate = rates.get(currency);
    if (!rate) {
      missing.add(currency);
      return null;
    }
    return toMicroRounded(fromMicro(micro).times(rate)).micro;
  };
  let householdTotal = 0n;
  let householdCash = 0n;
  let positionCount = 0;
  const views = accounts.map((a) => {
    const rows = a.snapshot_id === null ? [] : (bySnapshot.get(a.snapshot_id.toString()) ?? []);
    const cash = a.cash_micro ?? 0n;
    let positionsValue = 0n;
    for (const r of rows) positionsValue += r.value;
    const total = positionsValue + cash;
    const totalInBase = toBase(total, a.currency);
    const cashInBase = toBase(cash, a.currency);
    householdTotal += totalInBase ?? 0n;
    householdCash += cashInBase ?? 0n;
    positionCount += rows.length;
    return {
      id: Number(a.id),
      name: a.name,
      broker: a.broker,
      numberMasked: a.number_masked,
      taxTreatment: a.tax_treatment,
      currency: a.currency,
      isDemo: a.is_demo === 1n,
      asOf: a.as_of,
      cash: microToMoney(cash),
      positionsValue: microToMoney(positionsValue),
      total: microToMoney(total),
      totalInBase: totalInBase === null ? null : microToMoney(totalInBase),
      cashWeight: microRatio(cash, total),
      weight: '0', // filled in below, once the household total is known
      positions: rows.map((r) => toPositionView(r, total, lots.get(`${r.account_id}:${r.security_id}`) ?? [])),
      exactTotal: totalInBase ?? 0n,
    };
  });

  return {
    baseCurrency: base,
    total: microToMoney(householdTotal),
    cash: microToMoney(householdCash),
    cashWeight: microRatio(householdCash, householdTotal),
    positionCount,
    hasDemo: views.some((v) => v.isDemo),
    missingFxRates: [...missing].sort(),
    accounts: views.map(({ exactTotal, ...view }): AccountView => ({
      ...view,
      weight: microRatio(exactTotal, householdTotal),
    })),
  };
}

function toPositionView(r: Valued, accountTotal: bigint, lots: LotView[]): PositionView {
  const value = r.value;
  const cost = r.cost_basis_micro;
  return {
    symbol: r.symbol,
    name: r.name,
    assetType: r.asset_type,
    quantity: microToPlain(r.quantity_micro),
    price: r.latest ? r.latest.unitPrice : microToPlain(r.price_micro),
    priceDate: r.latest ? r.latest.date : r.price_date,
    marketValue: microToMoney(value),
    costBasis: cost === null ? null : microToMoney(cost),
    unrealizedGain: cost === null ? null : microToMoney(value - cost),
    weight: microRatio(value, accountTotal),
    lots,
  };
}
