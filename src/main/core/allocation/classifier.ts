// Classification against this household's sleeves: the bundled reference data and rules speak the default sleeve
// names; the user may have renamed or removed sleeves, and has overrides of their own.
import { classify, type Classification, type CyclicalsSetting, loadReference, normalizeSymbol, type ReferenceData } from '../classify/index.ts';
import type { Db } from '../db/open.ts';
import { getSetting } from '../settings.ts';

export interface Sleeve {
  id: number;
  key: string | null;
  name: string;
  position: number;
}

export function listSleeves(db: Db): Sleeve[] {
  return db.prepare('SELECT id, key, name, position FROM sleeves ORDER BY position, id').all() as Sleeve[];
}

export function cyclicalsSetting(db: Db): CyclicalsSetting {
  return getSetting(db, 'cyclicals') === 'morningstar' ? 'morningstar' : 'gics';
}

let reference: ReferenceData | null = null;
/** Read once per process: the file is bundled and never changes while Keel runs. */
export function referenceData(): ReferenceData {
  reference ??= loadReference();
  return reference;
}

/** The user's overrides: symbol → { sleeve name → weight }. */
export function loadOverrides(db: Db): Map<string, Record<string, string>> {
  const rows = db
    .prepare('SELECT o.symbol, s.name, o.weight FROM classification_overrides o JOIN sleeves s ON s.id = o.sleeve_id ORDER BY o.symbol, s.position')
    .all() as { symbol: string; name: string; weight: string }[];
  const out = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const entry = out.get(r.symbol) ?? {};
    entry[r.name] = r.weight;
    out.set(r.symbol, entry);
  }
  return out;
}

export type Classifier = (security: { symbol: string; assetType?: string | null; name?: string | null }) => Classification;

export function makeClassifier(db: Db): Classifier {
  const sleeves = listSleeves(db);
  const byKey = new Map(sleeves.flatMap((s) => (s.key ? [[s.key, s.name] as const] : [])));
  const overrides = loadOverrides(db);
  const cyclicals = cyclicalsSetting(db);
  const ref = referenceData();
  return (security) => {
    const c = classify(security, ref, overrides, cyclicals);
    if ('unclassified' in c || c.source === 'override') return c;
    // Reference data and rules name default sleeves; show them under the user's names.
    const renamed: Record<string, string> = {};
    for (const [key, weight] of Object.entries(c.sleeves)) {
      const name = byKey.get(key);
      if (!name) return { unclassified: true, reason: `${normalizeSymbol(security.symbol)} belongs in ${key}, a sleeve you removed; choose its sleeves` };
      renamed[name] = weight;
    }
    return { ...c, sleeves: renamed };
  };
}
