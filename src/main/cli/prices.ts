// `keel prices …`: the store's latest prices, a manual price, price files by path. Thin over the contract
// (listPrices, setPrice; importPriceFilePaths is a local operation). The JSON shapes are exact: scripts use them.
import type { KeelApi, PriceFileView, PriceView } from '../../shared/contract.ts';
import { formatFileResults } from './file-report.ts';
import { unwrap } from './result.ts';

export interface PricesIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export class PricesUsageError extends Error {}

export const PRICES_HELP = `  prices [--json]         Every symbol's latest price with its date, age and source
                          (positions, history, file or manual)
  prices set SYMBOL PRICE [--as-of YYYY-MM-DD] [--name NAME]
                          A manual price (as of today unless --as-of)
  prices import FILE... [--symbol SYMBOL] [--json]
                          Price files: Symbol,Price[,Date], or one symbol's daily history (Yahoo or
                          Stooq CSV; the symbol from --symbol, else the file name); all or nothing`;

/** The scripted shape of one price (`keel prices --json`). */
const priceJson = (p: PriceView) => ({ symbol: p.symbol, name: p.name, price: p.price, currency: p.currency, asOf: p.asOf, source: p.source });

/** "today", "1 day", "12 days". */
export function formatAge(days: number | undefined): string {
  if (days === undefined) return '';
  return days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'}`;
}

export function formatPrices(prices: readonly PriceView[]): string {
  if (prices.length === 0) return 'No prices yet: keel import a positions file, keel prices import a price file, or keel prices set SYMBOL PRICE.';
  const rows = prices.map((p) => [p.symbol, p.price, p.currency, p.asOf, formatAge(p.ageDays), p.source, p.name]);
  const head = ['Symbol', 'Price', 'Cur', 'As of', 'Age', 'Source', 'Name'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(width[i]!) : i === cells.length - 1 ? c : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The scripted shape of `keel prices import --json`. */
export const priceFilesJson = (views: readonly PriceFileView[]) => ({
  files: views.map((v) => ({
    file: v.file,
    layout: v.layout,
    status: v.status,
    rows: v.rows,
    prices: v.prices.map((p) => ({ symbol: p.symbol, price: p.price, asOf: p.asOf, closes: p.closes })),
    warnings: v.warnings,
    error: v.error,
  })),
});

export function formatPriceFiles(views: readonly PriceFileView[]): string {
  return formatFileResults(views, (v) => [
    `${v.file}: ${v.status === 'imported' ? 'imported' : 'read, not imported'} — ${v.layout ?? 'price'} file, ${v.rows} row${v.rows === 1 ? '' : 's'}`,
    ...v.prices.map((p) => `  ${p.symbol.padEnd(8)} ${p.price.padStart(12)} as of ${p.asOf}${p.closes > 1 ? ` (${p.closes} daily closes)` : ''}${p.known ? '' : ' — new symbol'}`),
  ]);
}

export async function runPricesCommand(
  api: KeelApi,
  args: string[],
  values: { json?: boolean | undefined; 'as-of'?: string | undefined; name?: string | undefined; symbol?: string | undefined },
  io: PricesIo,
): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case 'list': {
      const { prices } = unwrap(await api.listPrices({}));
      io.out(values.json ? JSON.stringify({ prices: prices.map(priceJson) }, null, 2) : formatPrices(prices));
      return 0;
    }
    case 'set': {
      const [symbol, price, ...extra] = rest;
      if (!symbol || !price || extra.length > 0) throw new PricesUsageError('keel prices set SYMBOL PRICE [--as-of YYYY-MM-DD] [--name NAME]');
      const p = unwrap(
        await api.setPrice({ symbol, price: price.replace(/^\$/, '').replace(/,/g, ''), ...(values['as-of'] ? { asOf: values['as-of'] } : {}), ...(values.name ? { name: values.name } : {}) }),
      );
      if (values.json) io.out(JSON.stringify(priceJson(p), null, 2));
      else io.out(`${p.symbol}: ${p.price} ${p.currency} as of ${p.asOf} (${p.source})`);
      return 0;
    }
    case 'import': {
      if (rest.length === 0) throw new PricesUsageError('keel prices import needs at least one FILE');
      const views = unwrap(await api.importPriceFilePaths({ paths: rest, ...(values.symbol ? { symbol: values.symbol } : {}) }));
      io.out(values.json ? JSON.stringify(priceFilesJson(views), null, 2) : formatPriceFiles(views));
      return views.every((v) => v.status !== 'failed') ? 0 : 1;
    }
    default:
      throw new PricesUsageError(`unknown prices command '${sub}'; one of list, set, import`);
  }
}
