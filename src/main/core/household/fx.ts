// Exchange rates into the household's base currency: from the files that state them (IBKR) or entered by the user.
import type { FxRateView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { dec, type Decimal } from '../money.ts';
import { getSetting } from '../settings.ts';

export function baseCurrency(db: Db): string {
  return getSetting(db, 'baseCurrency') ?? 'USD';
}

export function listFxRates(db: Db): { baseCurrency: string; rates: FxRateView[] } {
  const rates = db.prepare('SELECT currency, rate, as_of AS asOf, source FROM fx_rates ORDER BY currency').all() as FxRateView[];
  return { baseCurrency: baseCurrency(db), rates };
}

export function fxRateMap(db: Db): Map<string, Decimal> {
  return new Map(listFxRates(db).rates.map((r) => [r.currency, dec(r.rate)]));
}

export function setFxRate(db: Db, currency: string, rate: string, asOf: string | null, source: string): FxRateView {
  if (currency === baseCurrency(db)) {
    throw new CoreError('VALIDATION', `${currency} is the household's base currency; its rate is always 1.`, { field: 'currency' });
  }
  db.prepare(
    `INSERT INTO fx_rates (currency, rate, as_of, source) VALUES (?, ?, ?, ?)
     ON CONFLICT(currency) DO UPDATE SET rate = excluded.rate, as_of = excluded.as_of, source = excluded.source`,
  ).run(currency, dec(rate).toFixed(), asOf, source);
  return { currency, rate: dec(rate).toFixed(), asOf, source };
}

/**
 * Keeps the rates a statement gives (IBKR lists them against the account's base currency) when that currency is
 * the household's base. A rate the user entered is never overwritten by a file.
 */
export function rememberFileRates(db: Db, rates: { currency: string; rate: Decimal }[], ratesBase: string, asOf: string, file: string): void {
  if (ratesBase !== baseCurrency(db)) return;
  const keep = db.prepare("SELECT 1 FROM fx_rates WHERE currency = ? AND source = 'user'");
  for (const r of rates) {
    if (r.currency === ratesBase || keep.get(r.currency)) continue;
    setFxRate(db, r.currency, r.rate.toFixed(), asOf, file);
  }
}
