// The user's own classification of a symbol (an override of reference data and rules).
import type { ClassificationView } from '../../../shared/contract.ts';
import { checkSleeveWeights, normalizeSymbol } from '../classify/index.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { listClassifications } from './allocation.ts';
import { listSleeves, makeClassifier } from './classifier.ts';

export function setClassification(db: Db, rawSymbol: string, weights: Record<string, string> | null): ClassificationView {
  const symbol = normalizeSymbol(rawSymbol);
  db.transaction(() => {
    db.prepare('DELETE FROM classification_overrides WHERE symbol = ?').run(symbol);
    if (weights === null) return;
    const checked = checkSleeveWeights(weights);
    if (!checked.ok) throw new CoreError('VALIDATION', `${symbol}: ${checked.error}`, { field: 'sleeves' });
    const sleeves = new Map(listSleeves(db).map((s) => [s.name.toLowerCase(), s.id]));
    const insert = db.prepare('INSERT INTO classification_overrides (symbol, sleeve_id, weight) VALUES (?, ?, ?)');
    for (const [name, weight] of Object.entries(checked.sleeves)) {
      const id = sleeves.get(name.toLowerCase());
      if (id === undefined) throw new CoreError('VALIDATION', `There is no sleeve "${name}".`, { field: 'sleeves', sleeve: name });
      insert.run(symbol, id, weight);
    }
  })();
  const held = listClassifications(db).find((c) => normalizeSymbol(c.symbol) === symbol);
  if (held) return held;
  const c = makeClassifier(db)({ symbol });
  return 'unclassified' in c
    ? { symbol, name: '', assetType: '', value: '0.00', sleeves: null, source: null, basis: c.reason }
    : { symbol, name: '', assetType: '', value: '0.00', sleeves: c.sleeves, source: c.source, basis: c.basis };
}
