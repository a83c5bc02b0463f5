// Work in progress kept across a reload and the back button: one JSON value per name in sessionStorage, scoped
// to the data folder (two folders opened in turn never see each other's drafts). A stored value is always read
// through its page's parser: one that no longer parses (an older shape, edited by hand) is dropped silently.
import { api } from './api/client';

const PREFIX = 'keel.draft.v1';

let scope: Promise<string> | null = null;

/** The data folder the drafts belong to ('' when the core cannot say: drafts still work, unscoped). */
export function draftScope(): Promise<string> {
  scope ??= api.getAppInfo({}).then(
    (r) => (r.ok ? r.value.dataDir : ''),
    () => '',
  );
  return scope;
}

const keyFor = (folder: string, name: string) => `${PREFIX}:${name}:${folder}`;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: nothing is kept, nothing breaks
  }
}

/** The stored draft, parsed; null when there is none or it no longer parses (it is then removed). */
export function readDraft<T>(folder: string, name: string, parse: (value: unknown) => T | null): T | null {
  const s = storage();
  if (!s) return null;
  try {
    const text = s.getItem(keyFor(folder, name));
    if (text === null) return null;
    const parsed = parse(JSON.parse(text));
    if (parsed === null) s.removeItem(keyFor(folder, name));
    return parsed;
  } catch {
    try {
      s.removeItem(keyFor(folder, name));
    } catch {
      // nothing more to do
    }
    return null;
  }
}

export function writeDraft(folder: string, name: string, value: unknown): void {
  try {
    storage()?.setItem(keyFor(folder, name), JSON.stringify(value));
  } catch {
    // Storage full or disabled: the draft is simply not kept.
  }
}

export function clearDraft(folder: string, name: string): void {
  try {
    storage()?.removeItem(keyFor(folder, name));
  } catch {
    // as above
  }
}

// ---- Small checks for the parsers (no zod in the renderer) ----

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';

/** A record of strings, or null. */
export function stringRecord(v: unknown): Record<string, string> | null {
  if (!isRecord(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!isString(x)) return null;
    out[k] = x;
  }
  return out;
}

/** Every item parsed, or null when any does not parse. */
export function arrayOf<T>(v: unknown, item: (x: unknown) => T | null): T[] | null {
  if (!Array.isArray(v)) return null;
  const out: T[] = [];
  for (const x of v) {
    const p = item(x);
    if (p === null) return null;
    out.push(p);
  }
  return out;
}
