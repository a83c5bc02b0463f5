// The sleeve list: rename, add, remove and reorder in one save.
import type { SleeveView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { listSleeves } from './classifier.ts';

export function sleeveViews(db: Db): SleeveView[] {
  return listSleeves(db).map(({ id, key, name }) => ({ id, key, name }));
}

/** Replaces the list: ids keep (and rename) a sleeve, entries without an id add one, missing ids are removed. */
export function saveSleeves(db: Db, sleeves: { id?: number | undefined; name: string }[]): SleeveView[] {
  const names = new Set<string>();
  for (const s of sleeves) {
    const n = s.name.trim().toLowerCase();
    if (names.has(n)) throw new CoreError('VALIDATION', `Two sleeves are named "${s.name.trim()}".`, { field: 'sleeves' });
    names.add(n);
  }
  db.transaction(() => {
    const existing = new Set(listSleeves(db).map((s) => s.id));
    for (const s of sleeves) {
      if (s.id !== undefined && !existing.has(s.id)) throw new CoreError('NOT_FOUND', `There is no sleeve ${s.id}.`, { field: 'sleeves' });
    }
    const keep = new Set(sleeves.flatMap((s) => (s.id === undefined ? [] : [s.id])));
    for (const id of existing) if (!keep.has(id)) db.prepare('DELETE FROM sleeves WHERE id = ?').run(id);
    // Park names first so that swapping two names does not trip the UNIQUE constraint.
    db.prepare("UPDATE sleeves SET name = '~' || id || '~' || name").run();
    sleeves.forEach((s, i) => {
      if (s.id === undefined) db.prepare('INSERT INTO sleeves (name, position) VALUES (?, ?)').run(s.name.trim(), i + 1);
      else db.prepare('UPDATE sleeves SET name = ?, position = ? WHERE id = ?').run(s.name.trim(), i + 1, s.id);
    });
  })();
  return sleeveViews(db);
}
