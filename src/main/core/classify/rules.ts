// Classification of one security into sleeves, pure: no database, no files. Sources, in order:
//   1. the user's override;
//   2. Keel's bundled reference data (reference.ts), sector rows going through the sector rule below;
//   3. rules for the rest: money-market and sweep funds → Cash; bond funds → Bonds;
//   4. otherwise unclassified, with the reason. Nothing is dropped: the caller lists unclassified securities first.
// Weights are exact decimal strings in percent summing to 100 ("50", "21.6").
import { dec, sum, type Decimal } from '../money.ts';
import { normalizeSymbol, type GicsSector, type ReferenceData, type SizeBucket } from './reference.ts';
import { DEFAULT_SLEEVES, type DefaultSleeve } from './sleeves.ts';

export { DEFAULT_SLEEVES, type DefaultSleeve };

/** Which sectors count as Cyclicals: a user setting. */
export type CyclicalsSetting = 'gics' | 'morningstar';

export const CYCLICALS_SETTINGS: readonly CyclicalsSetting[] = ['gics', 'morningstar'];

export const CYCLICAL_SECTORS: Readonly<Record<CyclicalsSetting, readonly GicsSector[]>> = {
  // The default, matching the rotation story in which XLI is a cyclical.
  gics: ['Industrials', 'Materials', 'Financials', 'Energy', 'Consumer Discretionary', 'Real Estate'],
  // Morningstar's cyclical super-sector (Basic Materials, Consumer Cyclical, Financial Services, Real Estate)
  // on GICS names. Morningstar puts Industrials and Energy in its "sensitive" super-sector, so neither is here.
  morningstar: ['Materials', 'Consumer Discretionary', 'Financials', 'Real Estate'],
};

const SETTING_LABEL: Record<CyclicalsSetting, string> = { gics: 'GICS', morningstar: 'Morningstar' };

/**
 * Keel's sector rule (Keel's own, not an industry standard), first match wins:
 *   1. a small company → Small-cap, whatever its sector;
 *   2. a sector in the chosen cyclical set → Cyclicals;
 *   3. Information Technology or Communication Services, or Consumer Discretionary where it is not cyclical
 *      → Large-cap growth;
 *   4. everything else (Health Care, Consumer Staples, Utilities, and Industrials or Energy under the
 *      Morningstar setting) → Value.
 * Mid and large caps are treated alike.
 */
export function sleeveForSector(sector: GicsSector, size: SizeBucket, cyclicals: CyclicalsSetting): { sleeve: DefaultSleeve; why: string } {
  const setting = SETTING_LABEL[cyclicals];
  if (size === 'small') return { sleeve: 'Small-cap', why: 'small caps go to Small-cap whatever their sector' };
  if (CYCLICAL_SECTORS[cyclicals].includes(sector)) {
    return { sleeve: 'Cyclicals', why: `${sector} is cyclical under the ${setting} Cyclicals setting` };
  }
  if (sector === 'Information Technology' || sector === 'Communication Services' || sector === 'Consumer Discretionary') {
    return { sleeve: 'Large-cap growth', why: `${sector} goes to Large-cap growth` };
  }
  if (CYCLICAL_SECTORS.gics.includes(sector)) {
    return { sleeve: 'Value', why: `${sector} is not cyclical under the ${setting} Cyclicals setting, so it goes to Value` };
  }
  return { sleeve: 'Value', why: `${sector} goes to Value` };
}

/** The sector rule as sleeve weights: always exactly one sleeve at 100. */
export function sleevesForSector(sector: GicsSector, size: SizeBucket, cyclicals: CyclicalsSetting): Record<string, string> {
  return { [sleeveForSector(sector, size, cyclicals).sleeve]: '100' };
}

export interface SecurityToClassify {
  symbol: string;
  /** As stored: 'stock' | 'etf' | 'mutual-fund' | 'money-market' | 'bond' | 'option' | 'other' | … */
  assetType?: string | null;
  name?: string | null;
}

/** Sleeve → weight in percent (decimal string or number). */
export type SleeveWeights = Readonly<Record<string, string | number>>;

/** The user's overrides by symbol (matched like every symbol: case-insensitively, `**` stripped). */
export type Overrides = ReadonlyMap<string, SleeveWeights>;

export type ClassificationSource = 'override' | 'reference' | 'rule';

export interface Classified {
  sleeves: Record<string, string>;
  source: ClassificationSource;
  basis: string;
}

export interface Unclassified {
  unclassified: true;
  reason: string;
}

export type Classification = Classified | Unclassified;

export function isClassified(c: Classification): c is Classified {
  return !('unclassified' in c);
}

/**
 * Checks sleeve weights a user typed (an override, or a row edited inline): every sleeve named, every weight
 * a decimal greater than 0, the total exactly 100. Returns the weights as plain decimal strings, or the
 * error stating the difference.
 */
export function checkSleeveWeights(weights: SleeveWeights): { ok: true; sleeves: Record<string, string> } | { ok: false; error: string } {
  const entries = Object.entries(weights);
  if (entries.length === 0) return { ok: false, error: 'no sleeves given' };
  const sleeves: Record<string, string> = {};
  const values: Decimal[] = [];
  for (const [rawName, raw] of entries) {
    const name = rawName.trim();
    if (!name) return { ok: false, error: 'a sleeve has no name' };
    let w: Decimal;
    try {
      w = dec(typeof raw === 'string' ? raw.trim() : raw);
    } catch {
      return { ok: false, error: `weight for ${name} is not a number: ${JSON.stringify(raw)}` };
    }
    if (!w.isFinite()) return { ok: false, error: `weight for ${name} is not a number: ${JSON.stringify(raw)}` };
    if (!w.greaterThan(0)) return { ok: false, error: `weight for ${name} must be more than 0 (it is ${w.toFixed()})` };
    if (name in sleeves) return { ok: false, error: `${name} is named twice` };
    sleeves[name] = w.toFixed();
    values.push(w);
  }
  const total = sum(values);
  if (!total.equals(100)) {
    const diff = dec(100).minus(total);
    const hint = diff.greaterThan(0) ? `${diff.toFixed()} short` : `${diff.negated().toFixed()} over`;
    return { ok: false, error: `weights sum to ${total.toFixed()}, not 100 (${hint})` };
  }
  return { ok: true, sleeves };
}

// Names that mark a money-market or sweep vehicle. Deliberately no bare "cash" (a "Cash Cows" equity fund).
const CASH_NAME = /money[\s-]*market|money\s+fund|cash\s+reserves?|government\s+money|\bsweep\b|bank\s+deposit|deposit\s+(program|sweep)/i;
// Names that mark a bond fund.
const BOND_NAME = /\b(bonds?|treasur(y|ies)|municipal|muni|fixed[\s-]income|aggregate|inflation[\s-]protected)\b/i;

function findOverride(overrides: Overrides | undefined, key: string): SleeveWeights | undefined {
  if (!overrides || overrides.size === 0 || !key) return undefined;
  const direct = overrides.get(key);
  if (direct) return direct;
  for (const [k, v] of overrides) if (normalizeSymbol(k) === key) return v;
  return undefined;
}

/**
 * Classifies one security. `ref` is the loaded reference data, `overrides` the user's own classifications,
 * `cyclicals` the Cyclicals setting. Symbols match case-insensitively, with Fidelity's `**` suffix stripped.
 */
export function classify(
  security: SecurityToClassify,
  ref: ReferenceData,
  overrides: Overrides | undefined,
  cyclicals: CyclicalsSetting = 'gics',
): Classification {
  const rawSymbol = security.symbol.trim();
  const key = normalizeSymbol(rawSymbol);
  const label = key || '(no symbol)';
  const assetType = (security.assetType ?? '').trim().toLowerCase();
  const name = (security.name ?? '').trim();

  const override = findOverride(overrides, key);
  if (override) {
    const checked = checkSleeveWeights(override);
    if (!checked.ok) return { unclassified: true, reason: `Your classification of ${label} is invalid: ${checked.error}` };
    return { sleeves: checked.sleeves, source: 'override', basis: 'Your classification' };
  }

  const row = key ? ref.bySymbol.get(key) : undefined;
  if (row) {
    if (row.kind === 'fixed') return { sleeves: { ...row.sleeves }, source: 'reference', basis: row.basis };
    const { sleeve, why } = sleeveForSector(row.sector, row.size, cyclicals);
    return { sleeves: { [sleeve]: '100' }, source: 'reference', basis: `${row.basis}; Keel's sector rule: ${why}` };
  }

  // A security the broker calls a stock is never reclassified by words in its name.
  const byName = assetType !== 'stock';
  if (assetType === 'money-market' || assetType === 'cash') {
    return { sleeves: { Cash: '100' }, source: 'rule', basis: 'Money-market or sweep fund (by its asset type)' };
  }
  if (rawSymbol.endsWith('**')) {
    return { sleeves: { Cash: '100' }, source: 'rule', basis: "Fidelity core position (the ** after the symbol): a money-market sweep" };
  }
  if (byName && CASH_NAME.test(name)) {
    return { sleeves: { Cash: '100' }, source: 'rule', basis: 'Money-market or sweep fund (by its name)' };
  }
  if (assetType === 'bond') {
    return { sleeves: { Bonds: '100' }, source: 'rule', basis: 'Bond (by its asset type)' };
  }
  if (byName && BOND_NAME.test(name)) {
    return { sleeves: { Bonds: '100' }, source: 'rule', basis: 'Bond fund (by its name)' };
  }

  const what = assetType ? `asset type ${assetType}` : 'no asset type';
  return {
    unclassified: true,
    reason: `${label} is not in Keel's reference data and no rule covers it (${what}); choose its sleeves`,
  };
}
