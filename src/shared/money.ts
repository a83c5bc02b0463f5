// Money (and the numbers printed beside it) from the decimal strings the core sends, for every door: the app's
// screens, the terminal, the printed trade list. Intl.NumberFormat formats a numeric *string* exactly (no
// parseFloat, no binary rounding), so nothing here touches a float. Pure and dependency-free.

export const LOCALE = 'en-US';

type NumericString = `${number}`;
/** What Intl (and decimal.js) read as a number; anything else is a core bug, shown as it came rather than "NaN". */
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** The most fraction digits Intl accepts (Node 20): "every digit the value has" stops there. */
const MAX_PLACES = 20;

const formatters = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat (building one is slow; screens format thousands of cells). */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** A decimal string through Intl, exactly; a malformed value comes back as it came. */
export function formatExact(value: string, options: Intl.NumberFormatOptions, locale: string = LOCALE): string {
  const v = value.trim();
  return NUMERIC.test(v) ? numberFormat(locale, options).format(v as NumericString) : value;
}

export interface MoneyFormat {
  /** BCP 47 locale (default en-US). */
  locale?: string;
  /** Decimals: a number fixes them; 'own' shows the value's own, at least the currency's usual ones (e.g. a
   *  fund's NAV "10.123456"); default: the currency's usual ones. */
  places?: number | 'own';
  /** With places 'own': the most decimals shown (default: every digit, up to Intl's 20). */
  maxPlaces?: number;
  /** Signs gains too: +$12.30 / -$12.30 / $0.00. */
  signed?: boolean;
}

/** Money on screen and in the terminal: formatMoney('312974.55', 'USD') === '$312,974.55', '-$1,234.50'. */
export function formatMoney(value: string, currency: string, format: MoneyFormat = {}): string {
  const locale = format.locale ?? LOCALE;
  const options: Intl.NumberFormatOptions = { style: 'currency', currency, ...(format.signed ? { signDisplay: 'exceptZero' } : {}) };
  if (format.places === 'own') {
    const usual = numberFormat(locale, options).resolvedOptions().minimumFractionDigits ?? 2;
    options.minimumFractionDigits = usual;
    options.maximumFractionDigits = Math.max(usual, format.maxPlaces ?? MAX_PLACES);
  } else if (format.places !== undefined) {
    options.minimumFractionDigits = format.places;
    options.maximumFractionDigits = format.places;
  }
  return formatExact(value, options, locale);
}

// ---- Print (the trade list, `keel plans`): en-US, half-even, a true minus sign (U+2212, never on a zero), and
// money as the currency's narrow symbol before the digits with two decimals for every currency. ----

/** A decimal with thousands separators and exactly `places` decimals (half-even), or as many as it has (at least
 *  `minPlaces`) when `places` is undefined: "-1234567.5" → "−1,234,567.50", "-0.004" at 2 → "0.00". */
export function printDecimal(value: string, places?: number, minPlaces = 0): string {
  const digits = places === undefined ? { minimumFractionDigits: minPlaces, maximumFractionDigits: MAX_PLACES } : { minimumFractionDigits: places, maximumFractionDigits: places };
  const v = value.trim();
  if (!NUMERIC.test(v)) return value;
  return numberFormat(LOCALE, { ...digits, roundingMode: 'halfEven', signDisplay: 'negative' })
    .formatToParts(v as NumericString)
    .map((p) => (p.type === 'minusSign' ? '−' : p.value))
    .join('');
}

const symbols = new Map<string, string>();
/** The currency's symbol as en-US prints it narrowly ("$", "€"), or the code and a space when Intl knows none. */
export function currencySymbol(currency: string): string {
  let s = symbols.get(currency);
  if (s === undefined) {
    try {
      s = numberFormat(LOCALE, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? `${currency} `;
    } catch {
      s = `${currency} `;
    }
    symbols.set(currency, s);
  }
  return s;
}

/** Printed money: "$12,302.40", "−$20.00"; places 'own' keeps a price's own digits (at least 2): "$1,234.5678". */
export function printMoney(value: string, currency: string, places: number | 'own' = 2): string {
  const n = printDecimal(value, places === 'own' ? undefined : places, 2);
  return n.startsWith('−') ? `−${currencySymbol(currency)}${n.slice(1)}` : `${currencySymbol(currency)}${n}`;
}
