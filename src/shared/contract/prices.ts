// Prices: the store's latest price of every symbol (with its date, source and age), manual prices, price files.
// Price files come in like broker files: the renderer uploads them with startImportUpload / appendImportUpload
// (the same upload store and limits), then previewPriceFiles tells price files from broker files (isPriceFile)
// so the Import page's one drop zone can route each, and importPriceFiles writes them (all or nothing). The CLI's
// import by path is a local operation (contract/local.ts importPriceFilePaths).
import { z } from 'zod';
import type { MissingPriceView, PriceFileView, PriceSettingsView, PriceView } from '../types.ts';
import { id, isoDate, noInput, op } from './op.ts';

/** A symbol as typed (stored upper case). */
export const symbolText = z.string().trim().min(1).max(16).regex(/^[A-Za-z0-9][A-Za-z0-9./-]*$/, 'expected a symbol like VTV or BRK.B');
/** A positive price, at most 6 decimal places: "120.5". */
export const priceText = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'expected a price like 120.5')
  .refine((p) => !/^0+(\.0+)?$/.test(p), 'a price must be more than 0');
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code');
const uploadedFiles = z.array(z.strictObject({ uploadId: id, symbol: symbolText.optional() })).min(1).max(50);

export const priceOperations = {
  /** Every symbol with a real price (the demo household's are not listed), by symbol. */
  listPrices: op<{ prices: PriceView[] }>()(noInput),
  /**
   * A manual price (asOf: default today; never in the future). currency: default the one Keel knows for the symbol,
   * else its holdings', else the base currency. Returns the symbol's latest price afterwards (a newer one may win).
   */
  setPrice: op<PriceView>()(
    z.strictObject({ symbol: symbolText, price: priceText, asOf: isoDate.optional(), name: z.string().trim().min(1).max(200).optional(), currency: currency.optional() }),
  ),
  /** What a plan of `model` (default the active one) would find without a price: its preferred buys, menus, `symbols` (pinned). */
  getMissingPrices: op<{ missingPrices: MissingPriceView[] }>()(
    z.strictObject({ model: z.string().min(1).max(120).optional(), symbols: z.array(symbolText).max(500).optional() }),
  ),
  /** Reads uploaded files; writes nothing. A daily-history file without a symbol has needsSymbol: ask, send it as symbol. */
  previewPriceFiles: op<PriceFileView[]>()(z.strictObject({ files: uploadedFiles })),
  /** Imports uploaded price files in one go; when any is refused nothing is written (see each view's error). */
  importPriceFiles: op<PriceFileView[]>()(z.strictObject({ files: uploadedFiles })),
  /** "Warn about prices older than N days" (default 5): the Rebalance page and the printed trade list name such prices. */
  getPriceSettings: op<PriceSettingsView>()(noInput),
  setPriceSettings: op<PriceSettingsView>()(z.strictObject({ staleDays: z.number().int().min(0).max(3650) })),
} as const;
