// Column mapping for a layout Keel does not know: the user names the columns, the core saves the mapping and
// the file is read again with it.
import { useEffect, useRef, useState } from 'react';
import type { ImportFileView, KeelError } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert } from '../../ui/Status';
import { previewAgain } from './session';
import { clearDraft, draftScope, readDraft, writeDraft } from '../../drafts';
import { columnMapDraft, parseColumnMapDraft } from './importDraft';
import { columnMapNeeds, guessColumnMap, MAP_FIELDS, type MappedColumns } from '../../../../shared/column-map';

export function ColumnMapping(props: { file: ImportFileView; header: NonNullable<ImportFileView['header']>; index: number; disabled: boolean }) {
  const { file: f, header, index, disabled } = props;
  const cells = [...new Set(header.cells.map((c) => c.trim()).filter(Boolean))];
  const [map, setMap] = useState<MappedColumns>(() => guessColumnMap(cells));
  const [decimal, setDecimal] = useState<'point' | 'comma'>('point');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const id = `import-map-${index}`;
  const needs = columnMapNeeds(map);

  // The mapping being chosen survives a reload (until saved): read once, then written on every change.
  const folder = useRef<string | null>(null);
  const key = columnMapDraft(header.signature);
  useEffect(() => {
    let live = true;
    void draftScope().then((f) => {
      if (!live) return;
      folder.current = f;
      const kept = readDraft(f, key, (v) => parseColumnMapDraft(v, cells));
      if (kept) {
        setMap(kept.map);
        setDecimal(kept.decimal);
      }
    });
    return () => {
      live = false;
    };
    // Once per header: `cells` follows from it.
  }, [key]);
  const choose = (next: MappedColumns, dec: 'point' | 'comma') => {
    setMap(next);
    setDecimal(dec);
    if (folder.current !== null) writeDraft(folder.current, key, { map: next, decimal: dec });
  };

  const save = async () => {
    if (!map.symbol) return;
    setBusy(true);
    setError(null);
    const chosen = Object.fromEntries(Object.entries(map).filter(([, v]) => Boolean(v))) as MappedColumns;
    const r = await api.saveColumnMap({ signature: header.signature, map: { ...chosen, symbol: map.symbol, decimal } });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    if (folder.current !== null) clearDraft(folder.current, key);
    await previewAgain(
      `Column mapping saved. Keel read ${f.file} again with it, and will use it for every file with the same header — no need to map it again.`,
    );
  };

  return (
    <section className="column-map" aria-labelledby={`${id}-title`} data-testid={id}>
      <h4 id={`${id}-title`} className="column-map-title">
        Tell Keel which column is which
      </h4>
      <p className="muted">
        Keel does not know this layout. The header is on line {header.line}; choose the column for each item (Symbol is required, and
        Market value — or Quantity and Price — to value the positions). Keel remembers the mapping for files with the same header.
      </p>
      <div className="column-map-grid">
        {MAP_FIELDS.map(({ field, label }) => (
          <div className="field" key={field}>
            <label className="field-label" htmlFor={`${id}-${field}`}>
              {label}
              {field === 'symbol' && <span className="required"> (required)</span>}
            </label>
            <select
              id={`${id}-${field}`}
              className="select"
              value={map[field] ?? ''}
              disabled={disabled || busy}
              onChange={(e) => choose({ ...map, [field]: e.target.value || undefined }, decimal)}
              data-testid={`map-${index}-${field}`}
            >
              <option value="">{field === 'symbol' ? 'Choose a column…' : 'Not in this file'}</option>
              {cells.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-decimal`}>
            Numbers are written
          </label>
          <select
            id={`${id}-decimal`}
            className="select"
            value={decimal}
            disabled={disabled || busy}
            onChange={(e) => choose(map, e.target.value === 'comma' ? 'comma' : 'point')}
            data-testid={`map-${index}-decimal`}
          >
            <option value="point">1,234.56 (decimal point)</option>
            <option value="comma">1.234,56 (decimal comma)</option>
          </select>
        </div>
      </div>
      {needs && (
        <p className="column-map-need" data-testid={`map-${index}-need`}>
          {needs === 'symbol' ? 'Choose the Symbol column.' : 'Choose Market value, or both Quantity and Price.'}
        </p>
      )}
      {error && <ErrorAlert error={error} title="The mapping was not saved" />}
      <div>
        <button type="button" className="button button-primary" onClick={() => void save()} disabled={needs !== null || busy || disabled} aria-busy={busy} data-testid={`map-save-${index}`}>
          {busy ? 'Saving…' : 'Save mapping and read the file again'}
        </button>
      </div>
    </section>
  );
}
