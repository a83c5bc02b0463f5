// Random numbers written the way brokers write them, for the property tests of the number parsers.
import fc from 'fast-check';

export const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

export const numberParts = fc.record({
  int: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.constantFrom(0n, 1n, 999n, 1000n)),
  frac: fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 9 }),
    fc.constantFrom('', '0', '000000', '0000000', '1000000', '0000001', '1234560', '12345600000'),
  ),
  point: fc.boolean(),
  negative: fc.boolean(),
  leadingZeros: fc.constantFrom('', '0', '00'),
});
export type NumberParts = { int: bigint; frac: string; point: boolean; negative: boolean; leadingZeros: string };

export const body = (p: NumberParts, sep: string) =>
  `${p.leadingZeros}${sep ? group(String(p.int), sep) : String(p.int)}${p.point || p.frac ? '.' + p.frac : ''}`;

/** Decimal-point styles seen in broker exports. */
export const POINT_STYLES: Array<[string, (p: NumberParts) => string]> = [
  ['plain 1234.56', (p) => `${p.negative ? '-' : ''}${body(p, '')}`],
  ['US 1,234.56', (p) => `${p.negative ? '-' : ''}${body({ ...p, leadingZeros: '' }, ',')}`],
  ['Schwab -$1,234.56', (p) => `${p.negative ? '-' : ''}$${body({ ...p, leadingZeros: '' }, ',')}`],
  ['Schwab $-1,234.56', (p) => `$${p.negative ? '-' : ''}${body({ ...p, leadingZeros: '' }, ',')}`],
  ['Fidelity +$1,234.56', (p) => `${p.negative ? '-' : '+'}$${body(p, ',')}`],
  ['Robinhood ($1,234.56)', (p) => (p.negative ? `($${body(p, ',')})` : `$${body(p, ',')}`)],
  ['percent 93.65%', (p) => `${p.negative ? '-' : ''}${body(p, '')}%`],
  ['leading dot .0066', (p) => `${p.negative ? '-' : ''}.${p.frac || '0'}`],
  ['trailing point 12.', (p) => `${p.negative ? '-' : ''}${String(p.int)}.`],
  ['padded " $1.00 "', (p) => ` ${p.negative ? '-' : ''}$${body(p, ',')} `],
  ['exponent 2.6E-4', (p) => `${p.negative ? '-' : ''}${String(p.int)}.${p.frac || '0'}E-4`],
];
