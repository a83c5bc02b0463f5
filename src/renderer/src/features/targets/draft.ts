// The model editor's draft: a model as the user edits it (percentages as typed), and the saveModel input it makes.
import { DEFAULT_BAND_ABSOLUTE_PP, DEFAULT_BAND_RELATIVE_PCT, type BandRule, type ModelView, type SleeveView } from '../../../../shared/types';
import { isIdleTarget, samePercent, symbolsOf } from '../../../../shared/model-targets';

// The percent and symbol rules are the core's too (shared/model-targets.ts).
export { samePercent as same, symbolsOf };

export const ROTATION_PRESET = 'rotation-2026';

export interface DraftRow {
  /** The sleeve's id, so that a rename while a draft is open keeps its row. */
  sleeveId: number;
  sleeve: string;
  target: string;
  abs: string;
  rel: string;
  preferred: string;
}

export interface Draft {
  id: number | undefined;
  name: string;
  bandRule: BandRule;
  preset: string | null;
  rows: DraftRow[];
}

export function draftOf(model: ModelView, sleeves: SleeveView[]): Draft {
  return {
    id: model.id,
    name: model.name,
    bandRule: model.bandRule,
    preset: model.preset,
    rows: sleeves.map((s) => {
      const t = model.targets.find((x) => x.sleeve === s.name);
      return {
        sleeveId: s.id,
        sleeve: s.name,
        target: t?.targetPct ?? '0',
        abs: t?.absolutePp ?? DEFAULT_BAND_ABSOLUTE_PP,
        rel: t?.relativePct ?? DEFAULT_BAND_RELATIVE_PCT,
        preferred: (model.preferred[s.name] ?? []).join(', '),
      };
    }),
  };
}

/** The same draft over a changed sleeve list: renamed sleeves keep their row, removed ones drop, new ones start at 0. */
export function resleeve(d: Draft, sleeves: SleeveView[]): Draft {
  return {
    ...d,
    rows: sleeves.map((s) => {
      const row = d.rows.find((r) => r.sleeveId === s.id);
      return row ? { ...row, sleeve: s.name } : { sleeveId: s.id, sleeve: s.name, target: '0', abs: DEFAULT_BAND_ABSOLUTE_PP, rel: DEFAULT_BAND_RELATIVE_PCT, preferred: '' };
    }),
  };
}

export function uniqueName(base: string, models: ModelView[]): string {
  const taken = new Set(models.map((m) => m.name.toLowerCase()));
  let name = `Copy of ${base}`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `Copy of ${base} (${n})`;
  return name;
}

/** The saveModel input: a sleeve at 0 with the default bands is left out, as the core would not store it. */
export function inputOf(d: Draft) {
  const targets = d.rows
    .map((r) => ({
      sleeve: r.sleeve,
      targetPct: r.target.trim() || '0',
      ...(r.abs.trim() ? { absolutePp: r.abs.trim() } : {}),
      ...(r.rel.trim() ? { relativePct: r.rel.trim() } : {}),
    }))
    .filter((t) => !isIdleTarget(t));
  const preferred: Record<string, string[]> = {};
  for (const r of d.rows) {
    const symbols = symbolsOf(r.preferred);
    if (symbols.length > 0) preferred[r.sleeve] = symbols;
  }
  return { ...(d.id === undefined ? {} : { id: d.id }), name: d.name.trim(), bandRule: d.bandRule, targets, preferred };
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(inputOf(a)) === JSON.stringify(inputOf(b)) && a.name === b.name;
}
