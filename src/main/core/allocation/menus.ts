// Per-account buy lists: a 401(k) offers a handful of funds; a brokerage account can buy anything (no list).
import { normalizeSymbol } from '../classify/index.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';

export interface AccountMenu {
  accountId: number;
  name: string;
  symbols: string[];
}

export function listAccountMenus(db: Db): AccountMenu[] {
  const accounts = db.prepare('SELECT id, name FROM accounts ORDER BY is_demo DESC, id').all() as { id: number; name: string }[];
  const rows = db.prepare('SELECT account_id, symbol FROM account_menus ORDER BY symbol').all() as { account_id: number; symbol: string }[];
  return accounts.map((a) => ({ accountId: a.id, name: a.name, symbols: rows.filter((r) => r.account_id === a.id).map((r) => r.symbol) }));
}

export function setAccountMenu(db: Db, accountId: number, symbols: string[]): AccountMenu {
  const account = db.prepare('SELECT id, name FROM accounts WHERE id = ?').get(accountId) as { id: number; name: string } | undefined;
  if (!account) throw new CoreError('NOT_FOUND', `There is no account ${accountId}.`, { field: 'accountId' });
  const unique = [...new Set(symbols.map(normalizeSymbol))].sort();
  db.transaction(() => {
    db.prepare('DELETE FROM account_menus WHERE account_id = ?').run(accountId);
    const insert = db.prepare('INSERT INTO account_menus (account_id, symbol) VALUES (?, ?)');
    for (const s of unique) insert.run(accountId, s);
  })();
  return { accountId, name: account.name, symbols: unique };
}
