// The household: its summary, the demo household, and exchange rates to the base currency.
import { z } from 'zod';
import type { DemoState, FxRateView, HouseholdSummary } from '../types.ts';
import { isoDate, noInput, op } from './op.ts';

export const householdOperations = {
  getHouseholdSummary: op<HouseholdSummary>()(noInput),
  loadDemo: op<DemoState>()(noInput),
  clearDemo: op<DemoState>()(noInput),
  listFxRates: op<{ baseCurrency: string; rates: FxRateView[] }>()(noInput),
  setFxRate: op<FxRateView>()(
    z.strictObject({
      currency: z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code'),
      rate: z.string().regex(/^\d{1,9}(\.\d{1,10})?$/, 'expected a positive decimal like 1.0834').refine((r) => !/^0+(\.0+)?$/.test(r), 'a rate cannot be zero'),
      asOf: isoDate.optional(),
    }),
  ),
} as const;
