// Saved column mappings for CSV layouts Keel does not know, keyed by the header's signature.
import { columnMapNeeds } from '../../../shared/column-map.ts';
import { columnMapInput } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import type { ColumnMap } from './parse-mapped.ts';

export function savedColumnMap(db: Db, signature: string): ColumnMap | null {
  const row = db.prepare('SELECT map FROM column_maps WHERE signature = ?').get(signature) as { map: string } | undefined;
  if (!row) return null;
  const parsed = columnMapInput.safeParse(JSON.parse(row.map));
  return parsed.success ? (parsed.data as ColumnMap) : null;
}

/** Stores a mapping; one a file could not be read with (the rule the import page shows) is refused. */
export function saveColumnMap(db: Db, signature: string, map: ColumnMap, now = new Date()): { signature: string } {
  if (columnMapNeeds(map) === 'value') {
    throw new CoreError('VALIDATION', 'The mapping needs a market value column, or both quantity and price.', { field: 'map' });
  }
  db.prepare(
    `INSERT INTO column_maps (signature, map, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(signature) DO UPDATE SET map = excluded.map, updated_at = excluded.updated_at`,
  ).run(signature, JSON.stringify(map), now.toISOString());
  return { signature };
}
