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
    for (const id of existing) {
      if (keep.has(id)) continue;
      // Removing a sleeve a model still targets would leave that model summing to less than 100.
      const users = db
        .prepare(
          `SELECT s.name AS sleeve, m.name AS model FROM model_targets t JOIN models m ON m.id = t.model_id JOIN sleeves s ON s.id = t.sleeve_id
           WHERE t.sleeve_id = ? AND CAST(t.target_pct AS REAL) <> 0 ORDER BY m.name`,
        )
        .all(id) as { sleeve: string; model: string }[];
      if (users.length > 0) {
        throw new CoreError(
          'CONFLICT',
          `${users[0]!.sleeve} has targets in ${users.map((u) => u.model).join(', ')}; set those to 0 (and give the share to other sleeves) before removing it.`,
          { field: 'sleeves', models: users.map((u) => u.model) },
        );
      }
      db.prepare('DELETE FROM sleeves WHERE id = ?').run(id);
    }
    // Park names first so that swapping two names does not trip the UNIQUE constraint.
    db.prepare("UPDATE sleeves SET name = '~' || id || '~' || name").run();
    sleeves.forEach((s, i) => {
      if (s.id === undefined) db.prepare('INSERT INTO sleeves (name, position) VALUES (?, ?)').run(s.name.trim(), i + 1);
      else db.prepare('UPDATE sleeves SET name = ?, position = ? WHERE id = ?').run(s.name.trim(), i + 1, s.id);
    });
  })();
  return sleeveViews(db);
}
