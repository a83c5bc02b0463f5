// How an imported account reads in the preview and in `keel import --json`: as the broker's statement does.
// Cash is the account's cash only (`cash`), never also a position, so positions plus cash is the account total.
// What is cash is what the broker itself marks as the account's cash or core position (each parser sets isCash):
//   Schwab     the "Cash & Cash Investments" row (Balances export: a "Cash" block); money-market funds listed
//              with a quantity (SWVXX, the Balances "Money Market" block) are positions
//   Fidelity   core positions, marked `**` (SPAXX**, FZFXX**, FCASH**, USD***), and "Pending Activity"; any
//              other money-market fund it lists (SPRXX with a quantity) is a position
//   Vanguard   the brokerage settlement fund (VMFXX), which is the account's cash by Vanguard's definition
//   E*TRADE    the CASH row            DEGIRO   "CASH & CASH FUND & FTX CASH (EUR)"
//   IBKR       Cash Report ending cash per currency (else the NAV's cash)     Merrill  cash / money account rows
//   Column maps the symbols the user named as cash, and `CASH…`
// Symbols are cleaned when parsed (symbols.ts); the file's own text stays in rawSymbol where it differs.
import type { ImportPositionView } from '../../../shared/contract.ts';
import { dec, moneyString, plainString } from '../money.ts';
import type { Account, Position } from './types.ts';

/** A positions file whose total misses the file's own by more than this share is committed only when confirmed. */
export const MISMATCH_SHARE = dec('0.01');

export function positionView(p: Position): ImportPositionView {
  return {
    symbol: p.symbol,
    ...(p.rawSymbol !== undefined ? { rawSymbol: p.rawSymbol } : {}),
    description: p.description,
    quantity: p.quantity === null ? null : plainString(p.quantity),
    price: p.price === null ? null : plainString(p.price),
    marketValue: moneyString(p.marketValue),
    costBasis: p.costBasis === null ? null : moneyString(p.costBasis),
    isCash: p.isCash,
    currency: p.currency,
    ...(p.baseValue !== undefined ? { baseValue: moneyString(p.baseValue) } : {}),
    line: p.line,
  };
}

/** The account's holdings (positions) and the rows that make up its cash (cashLines), apart. */
export function statementRows(positions: readonly Position[]): { positions: ImportPositionView[]; cashLines: ImportPositionView[] } {
  return {
    positions: positions.filter((p) => !p.isCash).map(positionView),
    cashLines: positions.filter((p) => p.isCash).map(positionView),
  };
}

/**
 * True when the account's positions and cash miss the file's own total by more than 1% of it: a layout read
 * wrongly (E*TRADE lot rows taken for positions doubled an account) must not be committed unconfirmed.
 */
export function missesOwnTotal(a: Pick<Account, 'fileTotal' | 'difference'>): boolean {
  if (a.fileTotal === null || a.difference === null) return false;
  const off = a.difference.abs();
  return off.gte('0.005') && off.gt(a.fileTotal.abs().times(MISMATCH_SHARE));
}
