// The stored import preview: its parser refuses any other shape, and stored choices land only where they still apply.
import { describe, expect, it } from 'vitest';
import { mergeChoices, parseColumnMapDraft, parseImportDraft } from './importDraft';

const draft = {
  jobId: 'j1',
  uploadIds: ['u1'],
  files: ['a.csv'],
  totalBytes: 120,
  choices: { asOf: '2026-11-30', tax: { 'k\u00001': 'tax-deferred' }, acceptMismatch: { 'a.csv': true } },
};

describe('parseImportDraft', () => {
  it('reads back what was stored', () => {
    expect(parseImportDraft(JSON.parse(JSON.stringify(draft)))).toEqual(draft);
  });
  it('refuses any other shape', () => {
    for (const bad of [
      null,
      { ...draft, jobId: '' },
      { ...draft, uploadIds: [] },
      { ...draft, totalBytes: -1 },
      { ...draft, choices: { ...draft.choices, tax: { k: 'roth' } } },
      { ...draft, choices: { ...draft.choices, asOf: 'yesterday' } },
      { ...draft, choices: { ...draft.choices, acceptMismatch: { 'a.csv': 'yes' } } },
    ])
      expect(parseImportDraft(bad)).toBeNull();
  });
});

describe('mergeChoices', () => {
  it('keeps stored choices only for accounts and files the fresh preview has', () => {
    const fresh = { asOf: null, tax: { 'k\u00001': 'taxable' as const, 'k\u00002': 'taxable' as const }, acceptMismatch: {} };
    const stored = { asOf: '2026-11-30', tax: { 'k\u00001': 'hsa' as const, gone: 'tax-free' as const }, acceptMismatch: { 'a.csv': true, 'b.csv': true } };
    expect(mergeChoices(fresh, stored, ['a.csv'])).toEqual({
      asOf: '2026-11-30',
      tax: { 'k\u00001': 'hsa', 'k\u00002': 'taxable' },
      acceptMismatch: { 'a.csv': true },
    });
  });
});

describe('parseColumnMapDraft', () => {
  const cells = ['Ticker', 'Units', 'Value'];
  it('keeps a mapping whose columns the header still has', () => {
    expect(parseColumnMapDraft({ map: { symbol: 'Ticker', quantity: 'Units' }, decimal: 'comma' }, cells)).toEqual({
      map: { symbol: 'Ticker', quantity: 'Units' },
      decimal: 'comma',
    });
  });
  it('refuses a column the header lacks, or another shape', () => {
    expect(parseColumnMapDraft({ map: { symbol: 'Symbol' }, decimal: 'point' }, cells)).toBeNull();
    expect(parseColumnMapDraft({ map: { symbol: 'Ticker' }, decimal: 'dot' }, cells)).toBeNull();
    expect(parseColumnMapDraft('x', cells)).toBeNull();
  });
});
