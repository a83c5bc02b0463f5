import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { ok, openTestCore } from '../../../../tests/support/core.ts';
import { DEMO_ACCOUNTS, DEMO_SECURITIES } from '../demo/data.ts';
import type { Core } from '../index.ts';
import { dec, sum } from '../money.ts';

const summary = (c: Core) => ok(c.api.getHouseholdSummary({}));

describe('the demo household summary', () => {
  it('values the demo household exactly: $312,974.55 in 3 accounts', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const s = await summary(core);
    expect(s.total).toBe('312974.55');
    expect(s.cash).toBe('3960.65');
    expect(s.cashWeight).toBe('0.012655');
    expect(s.hasDemo).toBe(true);
    expect(s.accounts.map((a) => [a.name, a.taxTreatment, a.total])).toEqual([
      ['Demo Taxable Brokerage', 'taxable', '178558.95'],
      ['Demo Traditional IRA', 'tax-deferred', '102136.30'],
      ['Demo Roth IRA', 'tax-free', '32279.30'],
    ]);
    const iwm = s.accounts[0]?.positions.find((p) => p.symbol === 'IWM');
    expect(iwm).toMatchObject({
      quantity: '120',
      price: '248.12',
      marketValue: '29774.40',
      costBasis: '26112.00',
      unrealizedGain: '3662.40',
      weight: '0.166748', // 29,774.40 of the account's 178,558.95
    });
    expect(s.accounts.map((a) => a.weight)).toEqual(['0.570522', '0.326341', '0.103137']);
    expect(s.accounts[0]?.cashWeight).toBe('0.013108');
  });

  it('agrees with quantity × price + cash recomputed from the seed data', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const s = await summary(core);
    const price = new Map(DEMO_SECURITIES.map((x) => [x.symbol, x.price]));
    const expected = sum(
      DEMO_ACCOUNTS.map((a) => sum(a.positions.map((p) => dec(p.quantity).times(price.get(p.symbol) as string))).plus(a.cash)),
    );
    expect(s.total).toBe(expected.toFixed(2));
    expect(s.positionCount).toBe(DEMO_ACCOUNTS.reduce((n, a) => n + a.positions.length, 0));
    // the rotation's names are all there
    const symbols = new Set(s.accounts.flatMap((a) => a.positions.map((p) => p.symbol)));
    for (const sym of ['IWM', 'QQQ', 'XLI', 'XLB', 'XLF', 'KRE', 'RSP', 'VTV', 'AAPL', 'NVDA', 'TSLA', 'CAT', 'NUE', 'DE', 'LEN', 'FCX', 'BND']) {
      expect(symbols.has(sym), sym).toBe(true);
    }
    expect([...s.accounts.flatMap((a) => a.positions)].some((p) => p.assetType === 'money-market')).toBe(true);
  });

  it('clearing the demo empties the household, and it is not re-seeded on the next launch', async () => {
    const dir = tempDir();
    const first = openTestCore({ dataDir: dir, door: 'cli' });
    expect(await first.api.clearDemo({})).toEqual({ ok: true, value: { present: false, accounts: 0 } });
    expect(first.db.prepare('SELECT COUNT(*) AS n FROM securities').get()).toEqual({ n: 0 });
    first.close();
    const s = await summary(openTestCore({ dataDir: dir, door: 'cli' }));
    expect(s).toMatchObject({ total: '0.00', cash: '0.00', positionCount: 0, hasDemo: false, accounts: [] });
  });

  it('loading the demo twice does not duplicate it', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    expect((await summary(core)).accounts).toHaveLength(0);
    expect(await core.api.loadDemo({})).toEqual({ ok: true, value: { present: true, accounts: 3 } });
    expect(await core.api.loadDemo({})).toEqual({ ok: true, value: { present: true, accounts: 3 } });
    expect((await summary(core)).total).toBe('312974.55');
  });

  it('shows the newest snapshot of an account, not the sum of all snapshots', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const db = core.db;
    const account = db.prepare("SELECT id FROM accounts WHERE name = 'Demo Roth IRA'").get() as { id: number };
    db.prepare("INSERT INTO snapshots (account_id, as_of, cash_micro, created_at) VALUES (?, '2026-11-28', 1000000000, 'now')").run(account.id);
    const s = await summary(core);
    const roth = s.accounts.find((a) => a.name === 'Demo Roth IRA');
    expect(roth).toMatchObject({ asOf: '2026-11-28', cash: '1000.00', total: '1000.00', positions: [] });
    expect(s.total).toBe(dec('312974.55').minus('32279.30').plus('1000').toFixed(2));
  });
});
