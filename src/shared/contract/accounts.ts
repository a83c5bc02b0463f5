// Accounts after import: list them, rename them, set their number, tax treatment and currency, merge one into
// another, delete one (after an automatic backup). See core/accounts/.
import { z } from 'zod';
import { TAX_TREATMENTS, type AccountListItem, type AccountsView, type DeleteAccountView, type MergeAccountsView } from '../types.ts';
import { noInput, op, rowId } from './op.ts';

export const accountOperations = {
  /** Every account, the demo's first, with its positions count and total. */
  listAccounts: op<AccountsView>()(noInput),
  /** Changes what is given; currency relabels the account (nothing is converted). */
  updateAccount: op<AccountListItem>()(
    z
      .strictObject({
        id: rowId,
        name: z.string().trim().min(1, 'a name cannot be empty').max(120).optional(),
        number: z.string().trim().max(40).optional(),
        taxTreatment: z.enum(TAX_TREATMENTS).optional(),
        currency: z.string().trim().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code').optional(),
      })
      .refine((v) => Object.keys(v).length > 1, 'nothing to change: give a name, number, taxTreatment or currency'),
  ),
  /** Moves everything of `from` into `into` (one transaction) and deletes `from`. Both must have one currency. */
  mergeAccounts: op<MergeAccountsView>()(z.strictObject({ from: rowId, into: rowId }).refine((v) => v.from !== v.into, 'an account cannot be merged into itself')),
  /** Backs the database up, then deletes the account and everything imported into it. */
  deleteAccount: op<DeleteAccountView>()(z.strictObject({ id: rowId })),
} as const;
