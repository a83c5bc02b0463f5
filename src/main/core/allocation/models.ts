// Target models: a target per sleeve summing to exactly 100, bands, preferred buys. One model is active.
import { DEFAULT_BAND_ABSOLUTE_PP, DEFAULT_BAND_RELATIVE_PCT, type BandRule, type ModelView } from '../../../shared/contract.ts';
import { isIdleTarget, normalizeSymbol } from '../../../shared/model-targets.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { dec, sum } from '../money.ts';
import { listSleeves } from './classifier.ts';

interface ModelRow {
  id: number;
  name: string;
  band_rule: BandRule;
  is_active: number;
  preset: string | null;
}

export function listModels(db: Db): ModelView[] {
  const models = db.prepare('SELECT id, name, band_rule, is_active, preset FROM models ORDER BY is_active DESC, name').all() as ModelRow[];
  const targets = db.prepare(
    `SELECT s.name AS sleeve, t.target_pct, t.band_abs_pp, t.band_rel_pct FROM model_targets t JOIN sleeves s ON s.id = t.sleeve_id
     WHERE t.model_id = ? ORDER BY s.position`,
  );
  const preferred = db.prepare(
    `SELECT s.name AS sleeve, p.symbol FROM model_preferred p JOIN sleeves s ON s.id = p.sleeve_id WHERE p.model_id = ? ORDER BY s.position, p.position`,
  );
  return models.map((m) => {
    const prefs: Record<string, string[]> = {};
    for (const p of preferred.all(m.id) as { sleeve: string; symbol: string }[]) (prefs[p.sleeve] ??= []).push(p.symbol);
    return {
      id: m.id,
      name: m.name,
      active: m.is_active === 1,
      bandRule: m.band_rule,
      preset: m.preset,
      targets: (targets.all(m.id) as { sleeve: string; target_pct: string; band_abs_pp: string; band_rel_pct: string }[]).map((t) => ({
        sleeve: t.sleeve,
        targetPct: t.target_pct,
        absolutePp: t.band_abs_pp,
        relativePct: t.band_rel_pct,
      })),
      preferred: prefs,
    };
  });
}

export function findModel(db: Db, name?: string): ModelView | null {
  const all = listModels(db);
  if (name === undefined) return all.find((m) => m.active) ?? null;
  const m = all.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!m) throw new CoreError('NOT_FOUND', `No model named "${name}". Models: ${all.map((x) => x.name).join(', ')}.`, { field: 'model' });
  return m;
}

export interface ModelInput {
  id?: number | undefined;
  name: string;
  bandRule: BandRule;
  targets: { sleeve: string; targetPct: string; absolutePp?: string | undefined; relativePct?: string | undefined }[];
  preferred?: Record<string, string[]> | undefined;
}

/** Validates and stores a model in one transaction; the targets must sum to exactly 100. */
export function saveModel(db: Db, input: ModelInput, now = new Date()): ModelView {
  const sleeves = new Map(listSleeves(db).map((s) => [s.name.toLowerCase(), s]));
  const seen = new Set<string>();
  for (const t of input.targets) {
    const key = t.sleeve.toLowerCase();
    if (!sleeves.has(key)) throw new CoreError('VALIDATION', `There is no sleeve "${t.sleeve}".`, { field: 'targets', sleeve: t.sleeve });
    if (seen.has(key)) throw new CoreError('VALIDATION', `"${t.sleeve}" is listed twice.`, { field: 'targets', sleeve: t.sleeve });
    seen.add(key);
    if (dec(t.targetPct).greaterThan(100)) throw new CoreError('VALIDATION', `${t.sleeve}: a target cannot exceed 100%.`, { field: 'targets' });
  }
  const total = sum(input.targets.map((t) => dec(t.targetPct)));
  if (!total.equals(100)) {
    const diff = total.minus(100);
    throw new CoreError(
      'VALIDATION',
      `Targets add up to ${total.toFixed()}%, ${diff.abs().toFixed()} ${diff.isNegative() ? 'short of' : 'over'} 100%.`,
      { field: 'targets', total: total.toFixed(), difference: diff.toFixed() },
    );
  }
  for (const s of Object.keys(input.preferred ?? {})) {
    if (!sleeves.has(s.toLowerCase())) throw new CoreError('VALIDATION', `Preferred buys name a sleeve that does not exist: "${s}".`, { field: 'preferred' });
  }
  const clash = db.prepare('SELECT id FROM models WHERE name = ? COLLATE NOCASE AND id IS NOT ?').get(input.name, input.id ?? null);
  if (clash) throw new CoreError('CONFLICT', `A model named "${input.name}" already exists.`, { field: 'name' });

  const id = db.transaction(() => {
    let modelId = input.id;
    if (modelId === undefined) {
      const active = db.prepare('SELECT 1 FROM models WHERE is_active = 1').get() ? 0 : 1;
      modelId = Number(db.prepare('INSERT INTO models (name, band_rule, is_active, created_at) VALUES (?, ?, ?, ?)').run(input.name, input.bandRule, active, now.toISOString()).lastInsertRowid);
    } else {
      const r = db.prepare('UPDATE models SET name = ?, band_rule = ? WHERE id = ?').run(input.name, input.bandRule, modelId);
      if (r.changes === 0) throw new CoreError('NOT_FOUND', `There is no model ${modelId}.`);
      db.prepare('DELETE FROM model_targets WHERE model_id = ?').run(modelId);
      db.prepare('DELETE FROM model_preferred WHERE model_id = ?').run(modelId);
    }
    const insertTarget = db.prepare('INSERT INTO model_targets (model_id, sleeve_id, target_pct, band_abs_pp, band_rel_pct) VALUES (?, ?, ?, ?, ?)');
    for (const t of input.targets) {
      if (isIdleTarget(t)) continue;
      const sleeve = sleeves.get(t.sleeve.toLowerCase())!;
      insertTarget.run(modelId, sleeve.id, dec(t.targetPct).toFixed(), dec(t.absolutePp ?? DEFAULT_BAND_ABSOLUTE_PP).toFixed(), dec(t.relativePct ?? DEFAULT_BAND_RELATIVE_PCT).toFixed());
    }
    const insertPref = db.prepare('INSERT OR IGNORE INTO model_preferred (model_id, sleeve_id, symbol, position) VALUES (?, ?, ?, ?)');
    for (const [s, symbols] of Object.entries(input.preferred ?? {})) {
      symbols.forEach((sym, i) => insertPref.run(modelId, sleeves.get(s.toLowerCase())!.id, normalizeSymbol(sym), i));
    }
    return modelId;
  })();
  return listModels(db).find((m) => m.id === id)!;
}

export function activateModel(db: Db, id: number): ModelView {
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM models WHERE id = ?').get(id)) throw new CoreError('NOT_FOUND', `There is no model ${id}.`);
    db.prepare('UPDATE models SET is_active = 0 WHERE is_active = 1').run();
    db.prepare('UPDATE models SET is_active = 1 WHERE id = ?').run(id);
  })();
  return listModels(db).find((m) => m.id === id)!;
}

export function deleteModel(db: Db, id: number): { deleted: number } {
  return db.transaction(() => {
    const m = db.prepare('SELECT is_active FROM models WHERE id = ?').get(id) as { is_active: number } | undefined;
    if (!m) throw new CoreError('NOT_FOUND', `There is no model ${id}.`);
    if (m.is_active) throw new CoreError('CONFLICT', 'The active model cannot be deleted; activate another one first.');
    db.prepare('DELETE FROM models WHERE id = ?').run(id);
    return { deleted: id };
  })();
}
