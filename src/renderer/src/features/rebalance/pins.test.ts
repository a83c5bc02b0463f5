// Pins typed on the Rebalance page, the stored form draft, and what of the rotation playbook applies.
import { describe, expect, it } from 'vitest';
import { entryFromPin, percentToFraction, pinFromEntry, playbookFacts, putPin } from './pins';
import { parsePlanForm, parseRebalanceDraft } from './formDraft';
import { DEFAULT_FORM, rotationPlaybook, type PlanForm } from './request';

describe('percentToFraction', () => {
  it('shifts digits exactly', () => {
    expect(percentToFraction('20')).toBe('0.2');
    expect(percentToFraction('12.5')).toBe('0.125');
    expect(percentToFraction('5')).toBe('0.05');
    expect(percentToFraction('0.5')).toBe('0.005');
    expect(percentToFraction('100')).toBe('1');
    expect(percentToFraction('33.3333')).toBe('0.333333');
    expect(percentToFraction(' 20% ')).toBe('0.2');
  });
  it('refuses 0, more than 100 and what is not a percent', () => {
    for (const t of ['0', '0.0', '100.5', '150', '200', '', 'abc', '1.23456', '-5']) expect(percentToFraction(t)).toBeNull();
  });
});

describe('pinFromEntry / entryFromPin', () => {
  it('makes each kind of pin and reads it back', () => {
    const cases = [
      [{ account: '1', symbol: ' qqq ', kind: 'sell-percent', value: '20' }, { account: '1', symbol: 'QQQ', side: 'sell', fraction: '0.2' }],
      [{ account: '1', symbol: 'VTI', kind: 'sell-shares', value: '10' }, { account: '1', symbol: 'VTI', side: 'sell', quantity: '10' }],
      [{ account: '2', symbol: 'VTI', kind: 'sell-amount', value: '$1,500' }, { account: '2', symbol: 'VTI', side: 'sell', amount: '1500' }],
      [{ account: '2', symbol: 'XLI', kind: 'buy-amount', value: '5000' }, { account: '2', symbol: 'XLI', side: 'buy', amount: '5000' }],
    ] as const;
    for (const [entry, pin] of cases) {
      const r = pinFromEntry(entry);
      expect(r).toEqual({ ok: true, pin });
      if (r.ok) expect(pinFromEntry(entryFromPin(r.pin))).toEqual(r);
    }
  });
  it('names what is missing', () => {
    expect(pinFromEntry({ account: '', symbol: 'QQQ', kind: 'sell-percent', value: '20' })).toMatchObject({ ok: false });
    expect(pinFromEntry({ account: '1', symbol: '', kind: 'sell-percent', value: '20' })).toMatchObject({ ok: false });
    expect(pinFromEntry({ account: '1', symbol: 'QQQ', kind: 'sell-amount', value: '0' })).toMatchObject({ ok: false });
    expect(pinFromEntry({ account: '1', symbol: 'QQQ', kind: 'sell-percent', value: '120' })).toMatchObject({ ok: false });
  });
  it('keeps one pin per account and symbol; editing replaces in place', () => {
    const a = { account: '1', symbol: 'QQQ', side: 'sell' as const, fraction: '0.2' };
    const b = { account: '1', symbol: 'VTI', side: 'sell' as const, quantity: '3' };
    expect(putPin([a, b], { ...a, fraction: '0.5' }, null)).toEqual([b, { ...a, fraction: '0.5' }]);
    expect(putPin([a, b], { ...b, quantity: '4' }, 1)).toEqual([a, { ...b, quantity: '4' }]);
    expect(putPin([a, b], { ...b, symbol: 'QQQ' }, 1)).toEqual([{ ...b, symbol: 'QQQ' }]);
  });
});

describe('playbookFacts', () => {
  const model = { preferred: { Cyclicals: ['XLI', 'XLF'], Value: [] } };
  it('lists the accounts with QQQ to trim and the preferred buys', () => {
    const facts = playbookFacts(
      [
        { id: 1, name: 'Brokerage', positions: [{ symbol: 'QQQ', quantity: '10' }] },
        { id: 2, name: 'IRA', positions: [{ symbol: 'VTI', quantity: '5' }] },
      ],
      model,
    );
    expect(facts).toEqual({ sells: [{ account: '1', name: 'Brokerage', quantity: '10' }], buys: [{ sleeve: 'Cyclicals', symbols: ['XLI', 'XLF'] }] });
  });
  it('has nothing to sell when no account holds QQQ', () => {
    expect(playbookFacts([{ id: 2, name: 'IRA', positions: [] }], model).sells).toEqual([]);
  });
});

describe('the stored Rebalance draft', () => {
  const form: PlanForm = {
    ...rotationPlaybook(DEFAULT_FORM, ['1']),
    cash: { '1': { direction: 'withdraw', amount: '500' } },
    reserves: { '2': '100' },
    fractional: ['2'],
  };
  it('round-trips through JSON', () => {
    const stored = JSON.parse(JSON.stringify({ form, typedPrices: { XLI: '150' }, planId: 7 })) as unknown;
    expect(parseRebalanceDraft(stored)).toEqual({ form, typedPrices: { XLI: '150' }, planId: 7 });
    expect(parsePlanForm(JSON.parse(JSON.stringify(DEFAULT_FORM)))).toEqual(DEFAULT_FORM);
  });
  it('refuses any other shape', () => {
    const bad: unknown[] = [
      null,
      'x',
      { form, typedPrices: {}, planId: -1 },
      { form, typedPrices: { X: 1 }, planId: null },
      { form: { ...form, mode: 'yolo' }, typedPrices: {}, planId: null },
      { form: { ...form, pinned: [{ account: '1', symbol: 'Q', side: 'sell', fraction: '0.2', amount: '5' }] }, typedPrices: {}, planId: null },
      { form: { ...form, cash: { '1': { direction: 'add', amount: 5 } } }, typedPrices: {}, planId: null },
      { form: { ...form, toTarget: 'yes' }, typedPrices: {}, planId: null },
    ];
    for (const b of bad) expect(parseRebalanceDraft(b)).toBeNull();
  });
});
