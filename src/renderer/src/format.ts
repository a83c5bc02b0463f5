// Every number the renderer shows goes through here. Values arrive as decimal strings and are formatted exactly
// from the strings (shared/money.ts: no parseFloat, no binary rounding), money as every door formats it.
import type { TaxTreatment } from '../../shared/types';
import { formatExact, formatMoney as money, LOCALE, numberFormat } from '../../shared/money';

export { LOCALE };

/** Money in the given ISO currency, e.g. formatMoney('312974.55', 'USD') === '$312,974.55'. */
export function formatMoney(value: string, currency: string, locale: string = LOCALE): string {
  return money(value, currency, { locale });
}

/** Money with an explicit sign for gains and losses: +$1,234.50 / -$99.00 / $0.00. */
export function formatSignedMoney(value: string, currency: string, locale: string = LOCALE): string {
  return money(value, currency, { locale, signed: true });
}

/** A unit price: the currency's usual decimals, more when the price carries them (fund NAVs, fractions of a cent). */
export function formatPrice(value: string, currency: string, locale: string = LOCALE): string {
  return money(value, currency, { locale, places: 'own', maxPlaces: 6 });
}

/** A share quantity with its own precision: "85", "12.345", "1,250". */
export function formatQuantity(value: string, locale: string = LOCALE): string {
  return formatExact(value, { maximumFractionDigits: 6 }, locale);
}

/** A fraction as a percentage with one decimal: formatPercent('0.123') === '12.3%'. */
export function formatPercent(fraction: string, locale: string = LOCALE): string {
  return formatExact(fraction, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }, locale);
}

/** An ISO calendar date ("2026-11-27") as "Nov 27, 2026", with no time-zone shift. */
export function formatDate(iso: string | null, locale: string = LOCALE): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

export const TAX_TREATMENT_LABELS: Record<TaxTreatment, string> = {
  taxable: 'Taxable',
  'tax-deferred': 'Tax-deferred',
  'tax-free': 'Tax-free',
  hsa: 'HSA',
  other: 'Other',
};

export function taxTreatmentLabel(t: TaxTreatment): string {
  return TAX_TREATMENT_LABELS[t] ?? t;
}

/** "...4821" → "ending 4821", for screen readers; the visible text stays as the broker masked it. */
export function maskedNumberLabel(masked: string): string {
  const digits = /(\w+)$/.exec(masked)?.[1];
  return digits ? `ending ${digits}` : masked;
}

/** A moment the core recorded (ISO 8601; SQLite's "YYYY-MM-DD HH:MM:SS" is UTC) in the user's time zone. */
export function formatDateTime(iso: string | null, locale: string = LOCALE): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim());
  if (!m) return formatDate(iso, locale);
  const date = new Date(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(date);
}

/** A count of things: 1,204. */
export function formatCount(n: number, locale: string = LOCALE): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** "1 position", "2 positions"; the plural defaults to adding "s". */
export function plural(n: number, one: string, many: string = `${one}s`, locale: string = LOCALE): string {
  return `${formatCount(n, locale)} ${n === 1 ? one : many}`;
}

/** A file size: "812 bytes", "14.2 KB", "103.4 MB" (powers of 1024, as file managers on most systems show). */
export function formatBytes(bytes: number, locale: string = LOCALE): string {
  if (bytes < 1024) return plural(bytes, 'byte', 'bytes', locale);
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} ${units[unit]}`;
}

// ---- Percentages the core sends as numbers of percent ("12.6845" means 12.6845%) ----
// Intl's 'percent' style multiplies by 100 (for fractions); the 'percent' unit does not.

/** A percentage given in percent: formatPct('12.6845') === '12.68%', formatPct('30', 0, 2) === '30%'. */
export function formatPct(value: string, minDigits = 2, maxDigits = minDigits, locale: string = LOCALE): string {
  return formatExact(value, { style: 'unit', unit: 'percent', minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits }, locale);
}

/** A target or weight as the user typed it: every digit it has, no padding ("30%", "12.5%", "4.8%"). */
export function formatPctExact(value: string, locale: string = LOCALE): string {
  return formatPct(value, 0, 6, locale);
}

/** A signed percentage, e.g. drift relative to target: '+27.5%', '-57.7%', '0.0%'. */
export function formatSignedPct(value: string, digits = 1, locale: string = LOCALE): string {
  return formatExact(value, { style: 'unit', unit: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'exceptZero' }, locale);
}

/** A drift in percentage points: '+8.24 pp', '-17.32 pp', '0.00 pp'. */
export function formatPp(value: string, locale: string = LOCALE): string {
  return `${formatExact(value, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }, locale)} pp`;
}

/** A plain decimal with every digit it has (up to six decimals): '0.5', '10', '1,250.25'. */
export function formatDecimal(value: string, locale: string = LOCALE): string {
  return formatExact(value, { maximumFractionDigits: 6 }, locale);
}
