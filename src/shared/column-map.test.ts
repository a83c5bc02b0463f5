import { describe, expect, it } from 'vitest';
import { columnMapNeeds, guessColumnMap } from './column-map.ts';

describe('column mappings for an unknown layout', () => {
  it('guesses each column from the header’s wording, using each cell once', () => {
    expect(guessColumnMap(['Account', 'Ticker', 'Security Name', 'Units', 'Unit Price', 'Holding Value', 'Book Cost'])).toEqual({
      account: 'Account',
      symbol: 'Ticker',
      description: 'Security Name',
      quantity: 'Units',
      price: 'Unit Price',
      value: 'Holding Value',
      cost: 'Book Cost',
    });
    expect(guessColumnMap(['Symbol', 'Market Value', 'Value'])).toEqual({ symbol: 'Symbol', value: 'Market Value' });
    expect(guessColumnMap(['Foo', 'Bar'])).toEqual({});
  });

  it('needs the symbol, then a market value or both quantity and price', () => {
    expect(columnMapNeeds({})).toBe('symbol');
    expect(columnMapNeeds({ value: 'V' })).toBe('symbol');
    expect(columnMapNeeds({ symbol: 'S' })).toBe('value');
    expect(columnMapNeeds({ symbol: 'S', quantity: 'Q' })).toBe('value');
    expect(columnMapNeeds({ symbol: 'S', quantity: 'Q', price: 'P' })).toBeNull();
    expect(columnMapNeeds({ symbol: 'S', value: 'V' })).toBeNull();
  });
});
