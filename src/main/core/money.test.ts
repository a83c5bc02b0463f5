import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, fromMicro, microRatio, microToMoney, microToPlain, moneyString, ratioString, toMicro, toMicroRounded } from './money.ts';

describe('micro-unit storage', () => {
  it('round-trips any decimal with up to 6 places exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.integer({ min: 0, max: 6 }), (units, places) => {
        const d = dec(units.toString()).div(dec(10).pow(places));
        expect(fromMicro(toMicro(d)).equals(d)).toBe(true);
      }),
    );
  });

  it('refuses values that would lose digits instead of rounding them silently', () => {
    expect(() => toMicro('0.0000001', 'price')).toThrow('price 0.0000001 has more than 6 decimal places');
    expect(toMicro('6788.114')).toBe(6788114000n);
    expect(toMicro('-126.75')).toBe(-126750000n);
  });

  it('sums that floats get wrong stay exact', () => {
    expect(dec('0.1').plus('0.2').toString()).toBe('0.3');
    expect(moneyString(dec('1.005'))).toBe('1.00'); // banker's rounding of an exact half
    expect(moneyString(dec('1.015'))).toBe('1.02');
  });
});

describe('micro-unit fast paths agree with decimal.js', () => {
  const micro = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
  it('microToPlain and microToMoney', () => {
    fc.assert(
      fc.property(micro, (m) => {
        expect(microToPlain(m)).toBe(fromMicro(m).toFixed());
        expect(microToMoney(m)).toBe(moneyString(fromMicro(m)));
      }),
    );
    expect(microToMoney(5_000n)).toBe('0.00'); // 0.005 → half-even to 0.00
    expect(microToMoney(15_000n)).toBe('0.02');
    expect(microToMoney(-29774400000n)).toBe('-29774.40');
    expect(microToPlain(612400000n)).toBe('612.4');
  });
  it('microRatio', () => {
    fc.assert(
      fc.property(micro, micro, (a, b) => {
        expect(microRatio(a, b)).toBe(ratioString(fromMicro(a), fromMicro(b)));
      }),
    );
  });
});

describe('toMicroRounded', () => {
  it('agrees with exact decimal rounding, and says when it dropped digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }), (units, places) => {
        const d = dec(units.toString()).div(dec(10).pow(places));
        const r = toMicroRounded(d);
        expect(r.micro).toBe(BigInt(d.toDecimalPlaces(6, 6).times(1e6).toFixed(0)));
        expect(r.exact).toBe(d.toDecimalPlaces(6, 6).equals(d));
      }),
    );
    expect(toMicroRounded('6223.1969996')).toEqual({ micro: 6223197000n, exact: false });
    expect(toMicroRounded('-0.0000005')).toEqual({ micro: 0n, exact: false });
  });
});
