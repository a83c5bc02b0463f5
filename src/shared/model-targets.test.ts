import { describe, expect, it } from 'vitest';
import { isIdleTarget, samePercent, symbolsOf } from './model-targets.ts';

describe('target-model rules shared by saveModel and the model editor', () => {
  it('compares percentages by value, refusing what is no percentage', () => {
    expect(samePercent('5.0', '5')).toBe(true);
    expect(samePercent(' 025 ', '25')).toBe(true);
    expect(samePercent('0.000', '0')).toBe(true);
    expect(samePercent('5.01', '5')).toBe(false);
    expect(samePercent('', '0')).toBe(false);
    expect(samePercent('5%', '5')).toBe(false);
    expect(samePercent('1000', '1000')).toBe(false);
  });

  it('calls a 0% target with default (or no) bands idle, and nothing else', () => {
    expect(isIdleTarget({ targetPct: '0' })).toBe(true);
    expect(isIdleTarget({ targetPct: '0.0', absolutePp: '5', relativePct: '25.00' })).toBe(true);
    expect(isIdleTarget({ targetPct: '0', absolutePp: '3' })).toBe(false);
    expect(isIdleTarget({ targetPct: '0', relativePct: '20' })).toBe(false);
    expect(isIdleTarget({ targetPct: '10' })).toBe(false);
  });

  it('writes preferred buys as upper-case symbols', () => {
    expect(symbolsOf(' xli, xlf; VTV\n')).toEqual(['XLI', 'XLF', 'VTV']);
    expect(symbolsOf(' , ')).toEqual([]);
  });
});
