import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { band, bandStatus } from './bands.ts';

describe('tolerance bands on their boundaries', () => {
  it('5/25 with rule "either": a 30% sleeve has the narrower ±5 pp band; exactly 5 pp off is still in', () => {
    const b = band('30', '5', '25', 'either'); // relative: 7.5 pp, absolute 5 pp → 5
    expect(b.width.toString()).toBe('5');
    expect(bandStatus('35', '30', b)).toBe('in');
    expect(bandStatus('35.0001', '30', b)).toBe('over');
    expect(bandStatus('25', '30', b)).toBe('in');
    expect(bandStatus('24.9999', '30', b)).toBe('under');
  });

  it('a small 10% sleeve: exactly 25% relative (2.5 pp) is in under "either", and 3 pp is out', () => {
    const b = band('10', '5', '25', 'either');
    expect(b.width.toString()).toBe('2.5');
    expect(bandStatus('12.5', '10', b)).toBe('in');
    expect(bandStatus('13', '10', b)).toBe('over');
    expect(bandStatus('7.5', '10', b)).toBe('in');
  });

  it('the same sleeve under "wider" is out only past 5 pp', () => {
    const b = band('10', '5', '25', 'wider');
    expect(b.width.toString()).toBe('5');
    expect(bandStatus('13', '10', b)).toBe('in');
    expect(bandStatus('15', '10', b)).toBe('in');
    expect(bandStatus('15.01', '10', b)).toBe('over');
    expect(band('30', '5', '25', 'wider').width.toString()).toBe('7.5');
  });

  it('a sleeve with no target has only its absolute band, under both rules', () => {
    expect(bandStatus('5', '0', band('0', '5', '25', 'either'))).toBe('in');
    expect(bandStatus('5.01', '0', band('0', '5', '25', 'either'))).toBe('over');
    expect(bandStatus('4', '0', band('0', '5', '25', 'wider'))).toBe('in');
    expect(band('0', '5', '25', 'either').low.toString()).toBe('0');
  });

  it('"wider" never flags what "either" lets through', () => {
    const pct = fc.integer({ min: 0, max: 10000 }).map((n) => dec(n).div(100));
    fc.assert(
      fc.property(pct, pct, pct, pct, (current, target, abs, rel) => {
        const either = bandStatus(current, target, band(target, abs, rel, 'either'));
        const wider = bandStatus(current, target, band(target, abs, rel, 'wider'));
        if (either === 'in') expect(wider).toBe('in');
      }),
    );
  });
});
