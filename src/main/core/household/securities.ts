import type { Db } from '../db/open.ts';

export interface SecurityInput {
  symbol: string;
  name?: string;
  assetType?: string;
  cusip?: string | null;
  isin?: string | null;
}

/** Inserts a security by symbol or fills in what an existing row lacks; returns its id. */
export function upsertSecurity(db: Db, s: SecurityInput): number | bigint {
  const row = db
    .prepare(
      `INSERT INTO securities (symbol, name, asset_type, cusip, isin) VALUES (@symbol, @name, @assetType, @cusip, @isin)
       ON CONFLICT(symbol) DO UPDATE SET
         name = CASE WHEN securities.name = '' THEN excluded.name ELSE securities.name END,
         cusip = COALESCE(securities.cusip, excluded.cusip),
         isin = COALESCE(securities.isin, excluded.isin)
       RETURNING id`,
    )
    .get({
      symbol: s.symbol,
      name: s.name ?? '',
      assetType: s.assetType ?? 'other',
      cusip: s.cusip ?? null,
      isin: s.isin ?? null,
    }) as { id: number };
  return row.id;
}
