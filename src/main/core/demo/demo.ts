// Seeding and removing the demo household. Both are one transaction each.
import type { DemoState } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { dec, toMicro } from '../money.ts';
import { getSetting, setSetting } from '../settings.ts';
import { upsertSecurity } from '../household/securities.ts';
import { DEMO_ACCOUNTS, DEMO_AS_OF, DEMO_SECURITIES } from './data.ts';

const OFFERED_KEY = 'demo.offered';

export function demoState(db: Db): DemoState {
  const row = db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE is_demo = 1').get() as { n: number };
  return { present: row.n > 0, accounts: row.n };
}

export function loadDemo(db: Db, now: Date = new Date()): DemoState {
  return db.transaction(() => {
    if (demoState(db).present) return demoState(db);
    const createdAt = now.toISOString();
    const securityIds = new Map<string, number | bigint>();
    const prices = new Map<string, string>();
    const cashLike = new Set(DEMO_SECURITIES.filter((s) => s.assetType === 'money-market').map((s) => s.symbol));
    for (const s of DEMO_SECURITIES) {
      securityIds.set(s.symbol, upsertSecurity(db, { symbol: s.symbol, name: s.name, assetType: s.assetType }));
      prices.set(s.symbol, s.price);
    }
    const insertAccount = db.prepare(
      `INSERT INTO accounts (name, broker, number_masked, tax_treatment, currency, is_demo, created_at)
       VALUES (?, ?, ?, ?, 'USD', 1, ?)`,
    );
    const insertSnapshot = db.prepare(
      'INSERT INTO snapshots (account_id, as_of, cash_micro, created_at) VALUES (?, ?, ?, ?)',
    );
    const insertPosition = db.prepare(
      `INSERT INTO positions (snapshot_id, security_id, quantity_micro, price_micro, price_date,
                              market_value_micro, cost_basis_micro, is_cash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertLot = db.prepare(
      'INSERT INTO lots (account_id, security_id, batch_id, acquired, quantity_micro, cost_basis_micro) VALUES (?, ?, NULL, ?, ?, ?)',
    );
    for (const a of DEMO_ACCOUNTS) {
      const accountId = insertAccount.run(a.name, a.broker, a.numberMasked, a.taxTreatment, createdAt).lastInsertRowid;
      const snapshotId = insertSnapshot.run(accountId, DEMO_AS_OF, toMicro(a.cash, 'cash'), createdAt).lastInsertRowid;
      for (const p of a.positions) {
        const price = prices.get(p.symbol);
        const securityId = securityIds.get(p.symbol);
        if (price === undefined || securityId === undefined) throw new Error(`demo data: unknown ${p.symbol}`);
        const value = dec(p.quantity).times(price).toDecimalPlaces(2);
        insertPosition.run(
          snapshotId,
          securityId,
          toMicro(p.quantity, 'quantity'),
          toMicro(price, 'price'),
          DEMO_AS_OF,
          toMicro(value, 'market value'),
          toMicro(p.costBasis, 'cost basis'),
          cashLike.has(p.symbol) ? 1 : 0,
        );
        // The taxable account's holdings come in tax lots, so plans show estimated gains and lot choices.
        if (a.taxTreatment === 'taxable') {
          for (const lot of demoLots(p, cashLike.has(p.symbol))) insertLot.run(accountId, securityId, lot.acquired, toMicro(lot.quantity, 'lot quantity'), toMicro(lot.costBasis, 'lot cost'));
        }
      }
    }
    setSetting(db, OFFERED_KEY, createdAt);
    return demoState(db);
  })();
}

/** Removes every demo account with its snapshots and positions, and securities nothing else refers to. */
export function clearDemo(db: Db): DemoState {
  return db.transaction(() => {
    db.prepare('DELETE FROM accounts WHERE is_demo = 1').run();
    // A security with a price in the store stays (the user priced it; the store keeps its name).
    db.prepare('DELETE FROM securities WHERE id NOT IN (SELECT security_id FROM positions) AND symbol NOT IN (SELECT symbol FROM prices)').run();
    if (getSetting(db, OFFERED_KEY) === null) setSetting(db, OFFERED_KEY, new Date().toISOString());
    return demoState(db);
  })();
}

/** First run on an empty database gets the demo once; after the user clears it, it stays cleared. */
export function seedDemoOnFirstRun(db: Db): boolean {
  if (getSetting(db, OFFERED_KEY) !== null) return false;
  const accounts = db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number };
  if (accounts.n > 0) return false;
  loadDemo(db);
  return true;
}

/**
 * Two made-up lots per holding (one for a money fund): ~60% bought in March 2023 at 85% of the average cost (long-term at the demo's
 * date), the rest in June 2026 at the remainder (short-term). Quantities and costs add up to the position exactly.
 */
export function demoLots(p: { quantity: string; costBasis: string }, moneyFund = false): { acquired: string; quantity: string; costBasis: string }[] {
  const qty = dec(p.quantity);
  const older = qty.times(0.6).floor();
  // A money fund's shares all cost $1: one lot.
  if (moneyFund || older.isZero() || older.equals(qty)) return [{ acquired: '2023-03-14', quantity: p.quantity, costBasis: p.costBasis }];
  const olderCost = dec(p.costBasis).times(older).div(qty).times(0.85).toDecimalPlaces(2);
  return [
    { acquired: '2023-03-14', quantity: older.toFixed(), costBasis: olderCost.toFixed(2) },
    { acquired: '2026-06-10', quantity: qty.minus(older).toFixed(), costBasis: dec(p.costBasis).minus(olderCost).toFixed(2) },
  ];
}
