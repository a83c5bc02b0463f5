// Stored plans that name a merged account are made to name the account it went into, so their trade lists, the
// follow-up and a plan opened for editing find it. Only what the user asked (request) and what the plan showed
// (result) are rewritten: `input` stays the exact planner input the plan was computed from (a re-run of it plans
// the household as it then was).
import type { Db } from '../db/open.ts';
import { dec } from '../money.ts';

export interface AccountRef {
  id: number;
  name: string;
  number: string;
}

const norm = (s: string): string => s.trim().toLowerCase();
const alnum = (s: string): string => s.replace(/[^0-9A-Za-z]/g, '').toLowerCase();

/** Whether a plan's account key (an id, a masked number or a name, as planRequest takes them) names `a`. */
function names(key: string, a: AccountRef): boolean {
  if (key.trim() === String(a.id)) return true;
  if (a.number !== '' && (norm(key) === norm(a.number) || (alnum(key) !== '' && alnum(key) === alnum(a.number)))) return true;
  return norm(key) === norm(a.name);
}

/** Account-keyed maps of a plan result (leftoverCash, minCash.perAccount): `from`'s amount is added to `into`'s. */
const KEYED_MAPS = new Set(['leftoverCash', 'perAccount']);

/** A copy of `value` with every reference to `from` naming `into` (by its id). */
export function renameAccount(value: unknown, from: AccountRef, into: AccountRef, key = ''): unknown {
  const to = String(into.id);
  if (Array.isArray(value)) {
    if (key === 'fractional') return [...new Set(value.map((v) => (typeof v === 'string' && names(v, from) ? to : v)))];
    if (key === 'accounts' && value.every((v) => v !== null && typeof v === 'object' && 'id' in v && 'name' in v)) {
      // The plan view's account list: `from`'s entry becomes `into`'s, once.
      const list = value as { id: string }[];
      const hasInto = list.some((a) => a.id === to);
      return list.flatMap((a) => (a.id !== String(from.id) ? [a] : hasInto ? [] : [{ ...a, id: to, name: into.name, numberMasked: into.number }]));
    }
    return value.map((v) => renameAccount(v, from, into));
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'account' && typeof v === 'string') out[k] = names(v, from) ? to : v;
    else if (KEYED_MAPS.has(k) && v !== null && typeof v === 'object' && !Array.isArray(v)) out[k] = mergeKeyed(v as Record<string, string>, String(from.id), to);
    else out[k] = renameAccount(v, from, into, k);
  }
  return out;
}

function mergeKeyed(map: Record<string, string>, from: string, to: string): Record<string, string> {
  if (!(from in map)) return map;
  const out = { ...map };
  const moved = out[from]!;
  delete out[from];
  out[to] = to in out ? dec(out[to]!).plus(dec(moved)).toFixed() : moved;
  return out;
}

/** Rewrites every stored plan naming `from`; returns how many changed. Runs inside the merge's transaction. */
export function movePlanReferences(db: Db, from: AccountRef, into: AccountRef): number {
  const rows = db.prepare('SELECT id, request, result FROM plans').all() as { id: number; request: string; result: string }[];
  const update = db.prepare('UPDATE plans SET request = ?, result = ? WHERE id = ?');
  let changed = 0;
  for (const r of rows) {
    const request = JSON.stringify(renameAccount(JSON.parse(r.request), from, into));
    const result = JSON.stringify(renameAccount(JSON.parse(r.result), from, into));
    if (request === JSON.stringify(JSON.parse(r.request)) && result === JSON.stringify(JSON.parse(r.result))) continue;
    update.run(request, result, r.id);
    changed++;
  }
  return changed;
}
