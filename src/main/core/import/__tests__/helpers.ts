// Test helpers: read fixtures in place and print decimals canonically.
import fs from 'node:fs';
import path from 'node:path';
import type { Decimal } from '../../money.ts';
import { parseBrokerFile } from '../parse.ts';
import type { ParseResult, Transaction } from '../types.ts';

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
