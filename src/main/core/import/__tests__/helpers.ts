// Test helpers: read fixtures in place and print decimals canonically.
import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from '../../money.ts';
import { expect } from 'vitest';
import { parseBrokerFile } from '../parse.ts';
import type { ParseResult, Transaction } from '../types.ts';
import { statementRows } from '../view.ts';

/** ../shared sits beside the checkout (locally and in CI); tests skip when it is absent. */
export const SHARED = path.resolve(__dirname, '../../../../../../shared/fixtures/brokers');
export const OWN = path.resolve(__dirname, '../../../../../tests/fixtures/brokers');

/** Keel's own Schwab positions sample (IWM, QQQ, XLI …), which tests edit into the file they need. */
const SCHWAB_POSITIONS = path.join(OWN, 'schwab/Individual-Positions-2026-07-16.csv');
export const schwabPositions = (): string => fs.readFileSync(SCHWAB_POSITIONS, 'utf8');

/** Canonical decimal string (`450.000000` → `450`), or null. */
export function d(v: Decimal | null | undefined): string | null {
  return v === null || v === undefined ? null : v.toFixed();
}

export async function parseFixture(dir: string, rel: string): Promise<ParseResult> {
  const p = path.join(dir, rel);
  return parseBrokerFile(path.basename(p), fs.createReadStream(p));
}

export function txAt(r: ParseResult, line: number): Transaction {
  const t = r.transactions.find((x) => x.line === line);
  if (!t) throw new Error(`no transaction at line ${line} (have ${r.transactions.map((x) => x.line).join(',')})`);
  return t;
}

export function pos(r: ParseResult, symbol: string) {
  for (const a of r.accounts) {
    const p = a.positions.find((x) => x.symbol === symbol);
    if (p) return p;
  }
  throw new Error(`no position ${symbol}`);
}

/** Each account as the preview and `keel import --json` show it (view.ts): holdings and cash rows apart. */
export function statement(r: ParseResult) {
  return r.accounts.map((a) => ({ number: a.number, currency: a.currency, cash: d(a.cash), total: d(a.total), ...statementRows(a.positions) }));
}

/**
 * The rules every positions file keeps as the statement reads: no cash among the positions, symbols without the
 * export's marks (the raw text only where it differs), a currency on each, and in a one-currency account
 * positions plus cash is the total.
 */
export function expectStatementRules(r: ParseResult): void {
  for (const a of statement(r)) {
    for (const p of [...a.positions, ...a.cashLines]) {
      expect(p.symbol, `line ${p.line}`).not.toMatch(/\*$|[\u200B-\u200D\u2060\uFEFF]|^\s|\s$/);
      if (p.rawSymbol !== undefined) expect(p.rawSymbol).not.toBe(p.symbol);
      expect(p.currency, `line ${p.line}`).toMatch(/^[A-Z]{3}$/);
    }
    expect(a.positions.filter((p) => p.isCash)).toEqual([]);
    if ([...a.positions, ...a.cashLines].every((p) => p.currency === a.currency)) {
      const sum = a.positions.reduce((n, p) => n.plus(p.marketValue), new Decimal(a.cash ?? 0));
      expect(sum.toFixed(), `account ${a.number}`).toBe(a.total);
    }
  }
}
