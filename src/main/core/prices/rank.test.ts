// The latest-price rule: the newest date wins; on one date manual, then file, then positions, then history.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRICE_SOURCES } from '../../../shared/types/prices.ts';
import { ageDays, beats, latestOf } from './rank.ts';

describe('the latest price', () => {
  it('on one date: manual, then file, then positions, then history', () => {
    const on = (source: (typeof PRICE_SOURCES)[number]) => ({ date: '2026-12-01', source });
    expect(beats(on('manual'), on('file'))).toBe(true);
    expect(beats(on('file'), on('positions'))).toBe(true);
    expect(beats(on('positions'), on('history'))).toBe(true);
    expect(beats(on('history'), on('manual'))).toBe(false);
    expect(beats(on('file'), on('file'))).toBe(false);
    expect(latestOf([on('history'), on('positions'), on('manual'), on('file')])?.source).toBe('manual');
  });

  it('a newer date beats a stronger source', () => {
    expect(beats({ date: '2026-12-02', source: 'history' }, { date: '2026-12-01', source: 'manual' })).toBe(true);
  });

  it('property: the newest date always wins, whatever the sources and their order', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const price = fc.record({ date: day, source: fc.constantFrom(...PRICE_SOURCES) });
    fc.assert(
      fc.property(fc.array(price, { minLength: 1, maxLength: 30 }), (list) => {
        const newest = list.reduce((m, p) => (p.date > m ? p.date : m), '');
        const best = latestOf(list)!;
        expect(best.date).toBe(newest);
        // …and among that date's prices, the strongest source.
        const strongest = Math.min(...list.filter((p) => p.date === newest).map((p) => PRICE_SOURCES.indexOf(p.source)));
        expect(PRICE_SOURCES.indexOf(best.source)).toBe(strongest);
        // The order the candidates come in does not matter.
        expect(latestOf([...list].reverse())).toEqual(best);
      }),
    );
  });

  it('age in whole days, never negative', () => {
    expect(ageDays('2026-11-27', '2026-12-04')).toBe(7);
    expect(ageDays('2026-12-04', '2026-12-04')).toBe(0);
    expect(ageDays('2026-12-05', '2026-12-04')).toBe(0);
  });
});
