// `keel accounts …`: list, rename, renumber and re-treat accounts, merge one into another, delete one (after a
// backup); and `keel import --tax-treatment NUMBER=TREATMENT`. Thin over the contract's account operations.
import { SETTABLE_TAX_TREATMENTS, type AccountListItem, type ImportFileView, type KeelApi, type TaxTreatment } from '../../shared/contract.ts';
import { formatMoney } from '../../shared/money.ts';
import { unwrap } from './result.ts';

export interface AccountsIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export class AccountsUsageError extends Error {}

export const ACCOUNTS_HELP = `  accounts [--json]       Every account: id, name, number, broker, tax treatment, currency, positions, total
  accounts set ID [--name NAME] [--number N] [--tax-treatment taxable|tax-deferred|tax-free|hsa]
                          Rename an account, set its number or tax treatment
  accounts merge FROM_ID INTO_ID
                          Move everything of FROM (statements, history, lots, menu, plans' references)
                          into INTO and delete FROM; both must be in one currency
  accounts delete ID      Back the database up, then delete the account and everything imported into it;
                          prints the backup's name (keel restore NAME undoes it)`;

export interface AccountsFlags {
  json?: boolean | undefined;
  name?: string | undefined;
  number?: string | undefined;
  'tax-treatment'?: string[] | undefined;
}

const TREATMENTS: readonly string[] = SETTABLE_TAX_TREATMENTS;

function treatment(flag: string, v: string): TaxTreatment {
  const t = v.trim().toLowerCase();
  if (!TREATMENTS.includes(t)) throw new AccountsUsageError(`${flag} must be one of ${SETTABLE_TAX_TREATMENTS.join(', ')}, got "${v}"`);
  return t as TaxTreatment;
}

function accountId(what: string, v: string | undefined): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) throw new AccountsUsageError(`keel accounts ${what} needs an account id (keel accounts lists them), got "${v ?? ''}"`);
  return Number(v);
}

/** The JSON `keel accounts --json` prints: exactly these fields per account. */
export function accountsJson(accounts: readonly AccountListItem[]) {
  return {
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      number: a.number,
      broker: a.broker,
      taxTreatment: a.taxTreatment,
      currency: a.currency,
      positions: a.positions,
      total: a.total,
    })),
  };
}

export function formatAccountLine(a: AccountListItem): string {
  const what = a.empty ? `no statement (${a.transactions} history rows, ${a.lots} lots)` : `${a.positions} position${a.positions === 1 ? '' : 's'}, ${formatMoney(a.total, a.currency)} as of ${a.asOf ?? '—'}`;
  const hint = a.suggestedMerge !== null ? ` — merge it: keel accounts merge ${a.id} ${a.suggestedMerge}` : '';
  return `${`#${a.id}`.padEnd(5)} ${a.name}${a.isDemo ? ' [demo]' : ''} — ${a.broker || 'no broker'} ${a.number || '(no number)'} · ${a.taxTreatment} · ${a.currency} · ${what}${hint}`;
}

export async function runAccountsCommand(api: KeelApi, args: string[], flags: AccountsFlags, io: AccountsIo): Promise<number> {
  const [sub, ...rest] = args;
  const single = (flag: string, list: string[] | undefined): string | undefined => {
    if (list && list.length > 1) throw new AccountsUsageError(`keel accounts set takes one ${flag}`);
    return list?.[0];
  };
  switch (sub) {
    case undefined: {
      const { accounts } = unwrap(await api.listAccounts({}));
      if (flags.json) io.out(JSON.stringify(accountsJson(accounts), null, 2));
      else io.out(accounts.length === 0 ? 'No accounts yet: keel import FILE brings some in.' : accounts.map(formatAccountLine).join('\n'));
      return 0;
    }
    case 'set': {
      const id = accountId('set', rest[0]);
      const t = single('--tax-treatment', flags['tax-treatment']);
      if (flags.name === undefined && flags.number === undefined && t === undefined) throw new AccountsUsageError('keel accounts set ID needs --name, --number or --tax-treatment');
      const a = unwrap(
        await api.updateAccount({
          id,
          ...(flags.name !== undefined ? { name: flags.name } : {}),
          ...(flags.number !== undefined ? { number: flags.number } : {}),
          ...(t !== undefined ? { taxTreatment: treatment('--tax-treatment', t) } : {}),
        }),
      );
      io.out(flags.json ? JSON.stringify(accountsJson([a]).accounts[0], null, 2) : formatAccountLine(a));
      return 0;
    }
    case 'merge': {
      const from = accountId('merge', rest[0]);
      const into = accountId('merge', rest[1]);
      const m = unwrap(await api.mergeAccounts({ from, into }));
      if (flags.json) io.out(JSON.stringify(m, null, 2));
      else {
        const { moved } = m;
        io.out(`Merged #${m.removed.id} ${m.removed.name} into #${m.account.id} ${m.account.name}: ${moved.snapshots} statements (${moved.positions} positions), ${moved.transactions} history rows, ${moved.lots} lots, ${moved.menuSymbols} menu symbols, ${moved.plans} plans moved; #${m.removed.id} is gone.`);
        io.out(formatAccountLine(m.account));
      }
      return 0;
    }
    case 'delete': {
      const d = unwrap(await api.deleteAccount({ id: accountId('delete', rest[0]) }));
      if (flags.json) io.out(JSON.stringify(d, null, 2));
      else {
        const x = d.deleted;
        io.out(`Backup taken first: ${d.backup.name} (keel restore ${d.backup.name} undoes the delete).`);
        io.out(`Deleted #${d.removed.id} ${d.removed.name}: ${x.snapshots} statements (${x.positions} positions), ${x.transactions} history rows, ${x.lots} lots, ${x.importBatches} import batches.`);
      }
      return 0;
    }
    default:
      throw new AccountsUsageError(`unknown accounts command '${sub}' (set, merge, delete)`);
  }
}

/** `--tax-treatment NUMBER=TREATMENT` pairs, read before anything is imported. */
export function taxTreatmentPairs(values: readonly string[]): { number: string; taxTreatment: TaxTreatment }[] {
  return values.map((pair) => {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new AccountsUsageError(`--tax-treatment expects NUMBER=TREATMENT (e.g. ...777=tax-deferred), got "${pair}"`);
    return { number: pair.slice(0, eq).trim(), taxTreatment: treatment('--tax-treatment', pair.slice(eq + 1)) };
  });
}

const alnum = (s: string): string => s.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
/** A masked number's own characters: "...777" → "777", "XXXX-1234" → "1234", "XXX178" → "178". */
const unmasked = (s: string): string => alnum(s).replace(/^X+/, '');

/**
 * Whether NUMBER (as typed) names a file's account. The matching rule: the same text (case and spaces aside); else
 * NUMBER's digits and letters, masks (leading X's, dots) dropped, end the account number's — "777", "...777" and
 * "XXX777" all name "...777"; "4321" names "XXXX-4321". An account the file gives no number is named by its name.
 */
export function namesFileAccount(number: string, account: { name: string; number: string }): boolean {
  const n = number.trim().toLowerCase();
  if (account.number === '') return n === account.name.trim().toLowerCase();
  if (n === account.number.trim().toLowerCase()) return true;
  const want = unmasked(number);
  return want !== '' && unmasked(account.number).endsWith(want);
}

/**
 * Applies `--tax-treatment` after an import: each NUMBER must name exactly one account of the files; that Keel
 * account gets the treatment (updateAccount), and the import's views say so (taxTreatmentGuessed: false). A dry
 * run only changes the views. Returns the problems (a NUMBER naming no account, or several).
 */
export async function applyTaxTreatments(api: KeelApi, views: ImportFileView[], pairs: readonly { number: string; taxTreatment: TaxTreatment }[], dryRun: boolean): Promise<string[]> {
  const problems: string[] = [];
  if (pairs.length === 0) return problems;
  const known = dryRun ? [] : unwrap(await api.listAccounts({})).accounts.filter((a) => !a.isDemo);
  for (const pair of pairs) {
    const hits = views.flatMap((v) => v.accounts.filter((a) => namesFileAccount(pair.number, a)).map((a) => ({ v, a })));
    const distinct = new Set(hits.map(({ a }) => a.match?.id ?? `${a.number}|${a.name}`));
    if (distinct.size !== 1) {
      problems.push(`--tax-treatment ${pair.number}=${pair.taxTreatment}: ${distinct.size === 0 ? 'no account of these files has that number' : `${distinct.size} accounts match (${hits.map(({ a }) => a.number || a.name).join(', ')}); give more of the number`}`);
      continue;
    }
    for (const { v, a } of hits) {
      a.taxTreatment = pair.taxTreatment;
      a.taxTreatmentGuessed = false;
      if (dryRun || v.status !== 'imported') continue;
      const target = a.match?.id ?? known.find((k) => k.number === a.number && k.name === a.name)?.id ?? known.find((k) => k.number !== '' && k.number === a.number)?.id;
      if (target !== undefined) unwrap(await api.updateAccount({ id: target, taxTreatment: pair.taxTreatment }));
    }
  }
  return problems;
}
