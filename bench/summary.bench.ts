// Household summary over 10,000 positions against the raw floor: the same rows read by one prepared SELECT
// with no decimal arithmetic. The difference is what exact money costs us on the dashboard.
import { tempDir } from '../tests/support/tmp.ts';
import { openDatabase } from '../src/main/core/db/open.ts';
import { householdSummary } from '../src/main/core/household/summary.ts';
import { report, time } from './support.ts';

const ACCOUNTS = 20;
const PER_ACCOUNT = 500;

const { db } = openDatabase({ dataDir: tempDir('keel-bench-') });
db.transaction(() => {
  const sec = db.prepare("INSERT INTO securities (symbol, name, asset_type) VALUES (?, ?, 'stock')");
  for (let i = 0; i < PER_ACCOUNT; i++) sec.run(`S${i}`, `Security ${i}`);
  const acc = db.prepare("INSERT INTO accounts (name, tax_treatment, created_at) VALUES (?, 'taxable', 'now')");
  const snap = db.prepare("INSERT INTO snapshots (account_id, as_of, cash_micro, created_at) VALUES (?, '2026-11-27', 1234560000, 'now')");
  const pos = db.prepare(
    'INSERT INTO positions (snapshot_id, security_id, quantity_micro, price_micro, market_value_micro, cost_basis_micro) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (let a = 0; a < ACCOUNTS; a++) {
    const accountId = acc.run(`Account ${a}`).lastInsertRowid;
    const snapshotId = snap.run(accountId).lastInsertRowid;
    for (let i = 0; i < PER_ACCOUNT; i++) {
      const qty = BigInt(1 + ((a * 7919 + i * 104729) % 5000)) * 1_000_000n;
      const price = BigInt(1000 + ((i * 7877) % 500000)) * 10_000n;
      pos.run(snapshotId, i + 1, qty, price, (qty * price) / 1_000_000n, (qty * price) / 1_200_000n);
    }
  }
})();

const floorStmt = db.prepare(
  `SELECT s.account_id, sec.symbol, p.quantity_micro, p.price_micro, p.market_value_micro, p.cost_basis_micro
   FROM positions p JOIN snapshots s ON s.id = p.snapshot_id JOIN securities sec ON sec.id = p.security_id`,
);
const ours = time(() => householdSummary(db), 15);
const floor = time(() => floorStmt.all(), 15);
report(`summary of ${ACCOUNTS * PER_ACCOUNT} positions`, ours, floor, 10);
db.close();
