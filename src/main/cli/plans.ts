// `keel plans …`: the saved plans from the command line, and the trade-list files `keel plan` and
// `keel plans show` write (--html, --pdf). Thin over the contract's operations.
import fs from 'node:fs';
import type { KeelApi, PlanFollowUpView, SavedPlanSummary } from '../../shared/contract.ts';
import { standaloneHtml } from '../core/report/document.ts';
import { formatPct } from '../core/report/tradeListHtml.ts';
import { printMoney as formatMoney } from '../../shared/money.ts';
import { NoBrowserError, printHtmlToPdf } from './pdf.ts';
import { unwrap } from './result.ts';

export interface PlansIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export class PlansUsageError extends Error {}

export const PLANS_HELP = `  plans [--json]          Recorded plans, newest first (drafts, saved, executed)
  plans show ID [--json|--csv] [--html FILE] [--pdf FILE]
                          One plan's trades; its trade list as HTML or PDF
  plans save ID [NAME]    Keep a plan (drafts beyond the newest 50 are deleted), optionally named
  plans executed ID       Mark a plan's trades placed; the next import is compared with it
  plans check ID [--json] After an import: which of an executed plan's trades are done, partly done, not done
  plans rerun ID [--json] Plan the stored input again and say whether the trades are the same
  plans delete ID         Delete a plan`;

const pct = (f: string): string => formatPct(f);

export function formatPlanLine(p: SavedPlanSummary): string {
  const status = p.status === 'draft' ? 'draft' : p.status === 'saved' ? 'saved' : `executed ${p.executedAt?.slice(0, 10) ?? ''}`;
  const head = `${`#${p.id}`.padEnd(5)} ${p.createdAt.slice(0, 16).replace('T', ' ')}  ${status.padEnd(19)} ${p.name ? `"${p.name}" ` : ''}`;
  return (
    `${head}${p.model ?? '(no model)'} · ${p.mode} · ${p.tradeCount} trade${p.tradeCount === 1 ? '' : 's'}` +
    ` (buys ${formatMoney(p.bought, p.currency)}, sells ${formatMoney(p.sold, p.currency)})` +
    ` · drift ${pct(p.drift.before)} → ${pct(p.drift.after)}${p.optimal ? '' : ' (time limit)'}`
  );
}

export function formatFollowUp(f: PlanFollowUpView): string {
  if (f.state === 'not-executed') return `Plan #${f.planId} is not marked executed: keel plans executed ${f.planId} once its trades are placed.`;
  const lines = [`Plan #${f.planId}, executed ${f.executedAt?.slice(0, 16).replace('T', ' ')}`];
  const name = (id: string): string => f.accounts.find((a) => a.id === id)?.name ?? id;
  for (const a of f.accounts) lines.push(`  ${a.name}: ${a.importedAt ? `imported ${a.importedAt.slice(0, 10)} (as of ${a.asOf})` : 'no import since'}`);
  if (f.state === 'waiting-for-import') {
    lines.push('No positions import since the plan was executed: import your accounts, then check again.');
    return lines.join('\n');
  }
  const label = { done: 'done', partly: 'partly', 'not-done': 'not done', 'no-import': 'no import' } as const;
  for (const t of f.trades) {
    const what = `${t.side} ${t.quantity} ${t.symbol} in ${name(t.account)}`;
    const detail = t.now === null ? '' : `: held ${t.before}, expected ${t.expected}, now ${t.now}${t.status === 'partly' || t.status === 'not-done' ? `; ${t.remaining} to go` : ''}`;
    lines.push(`  ${label[t.status].padEnd(9)} ${what}${detail}`);
  }
  lines.push(`${f.counts.done} done, ${f.counts.partly} partly done, ${f.counts.notDone} not done${f.counts.noImport > 0 ? `, ${f.counts.noImport} in accounts not imported since` : ''}.`);
  return lines.join('\n');
}

/** --html FILE / --pdf FILE for a recorded plan. Returns the exit code (3: no browser for the PDF). */
export async function writeTradeListFiles(api: KeelApi, planId: number, files: { html?: string | undefined; pdf?: string | undefined }, io: PlansIo, note: (line: string) => void): Promise<number> {
  if (!files.html && !files.pdf) return 0;
  const list = unwrap(await api.getTradeList({ id: planId }));
  const html = standaloneHtml(list.title, list.html);
  if (files.html) {
    fs.writeFileSync(files.html, html, 'utf8');
    note(`Trade list written to ${files.html}`);
  }
  if (files.pdf) {
    try {
      await printHtmlToPdf(html, files.pdf, io.env);
    } catch (e) {
      if (e instanceof NoBrowserError) {
        io.err(`keel: cannot write ${files.pdf}: ${e.message}`);
        return 3;
      }
      throw e;
    }
    note(`Trade list PDF written to ${files.pdf}`);
  }
  return 0;
}

function planId(arg: string | undefined, usage: string): number {
  if (!arg || !/^\d+$/.test(arg) || Number(arg) < 1) throw new PlansUsageError(usage);
  return Number(arg);
}

export async function runPlansCommand(
  api: KeelApi,
  args: string[],
  values: { json?: boolean | undefined; csv?: boolean | undefined; html?: string | undefined; pdf?: string | undefined },
  io: PlansIo,
): Promise<number> {
  const [sub, ...rest] = args;
  const json = (v: unknown): void => io.out(JSON.stringify(v, null, 2));
  switch (sub) {
    case undefined:
    case 'list': {
      const plans = unwrap(await api.listPlans({}));
      if (values.json) json(plans);
      else io.out(plans.length === 0 ? 'No plans yet: keel plan --mode … makes one.' : plans.map(formatPlanLine).join('\n'));
      return 0;
    }
    case 'show': {
      const id = planId(rest[0], 'keel plans show ID [--json|--csv] [--html FILE] [--pdf FILE]');
      if (values.json && values.csv) throw new PlansUsageError('keel plans show takes one of --json or --csv');
      const plan = unwrap(await api.getPlan({ id }));
      if (values.json) json(plan);
      else if (values.csv) io.out(unwrap(await api.getTradeList({ id })).csv.replace(/\r\n$/, ''));
      else {
        io.out(formatPlanLine(plan));
        for (const t of plan.view.plan.trades) {
          const acc = plan.view.accounts.find((a) => a.id === t.account)?.name ?? t.account;
          io.out(`  ${t.side.padEnd(4)} ${t.quantity.padStart(10)} ${t.symbol.padEnd(8)} @ ${formatMoney(t.price, plan.currency, 'own').padStart(12)} ≈ ${formatMoney(t.amount, plan.currency).padStart(14)}  ${acc}`);
        }
      }
      return await writeTradeListFiles(api, id, values, io, values.json || values.csv ? io.err : io.out);
    }
    case 'save': {
      const id = planId(rest[0], 'keel plans save ID [NAME]');
      const name = rest.slice(1).join(' ').trim();
      const p = unwrap(await api.savePlan(name ? { id, name } : { id }));
      io.out(values.json ? JSON.stringify(p, null, 2) : `Kept plan #${p.id}${p.name ? ` as "${p.name}"` : ''}.`);
      return 0;
    }
    case 'executed': {
      const id = planId(rest[0], 'keel plans executed ID');
      const p = unwrap(await api.markPlanExecuted({ id }));
      io.out(values.json ? JSON.stringify(p, null, 2) : `Plan #${p.id} marked executed ${p.executedAt}. After your next import, keel plans check ${p.id} shows what was done.`);
      return 0;
    }
    case 'check': {
      const id = planId(rest[0], 'keel plans check ID [--json]');
      const f = unwrap(await api.getPlanFollowUp({ id }));
      if (values.json) json(f);
      else io.out(formatFollowUp(f));
      return 0;
    }
    case 'rerun': {
      const id = planId(rest[0], 'keel plans rerun ID [--json]');
      const r = unwrap(await api.rerunPlan({ id }));
      if (values.json) json(r);
      else {
        io.out(`Re-ran plan #${id} from its stored input as plan #${r.view.planId}: ${r.same ? 'the same trades' : `${r.differences.length} trade${r.differences.length === 1 ? '' : 's'} differ`}.`);
        for (const d of r.differences) io.out(`  ${d}`);
        io.out(r.note);
      }
      return 0;
    }
    case 'delete': {
      const id = planId(rest[0], 'keel plans delete ID');
      unwrap(await api.deletePlan({ id }));
      io.out(`Deleted plan #${id}.`);
      return 0;
    }
    default:
      throw new PlansUsageError(`unknown plans command '${sub}'; one of list, show, save, executed, check, rerun, delete`);
  }
}
