// The schema a Keel database must have, and how a file's schema differs from it.
//
// The expected schema for a user_version is what Keel's own migrations create on an empty in-memory database
// (computed once per version). A file's schema is its complete sqlite_master: every table, index, trigger and
// view with its SQL text. SQLite stores that text as written (normalised only in the leading keywords), so a file
// Keel wrote — created at any version and migrated since, copied by VACUUM INTO — has exactly the same rows.
// Anything else (an extra trigger or view, a changed column) is reported by name: a dataset or backup file is
// untrusted input, and SQL in its schema would run later inside the live database.
//
// Reading a file's schema reads sqlite_master and table_info only: no view, trigger or table content is queried.
// Open such files with trustedSchema(db) first.
import Database from 'better-sqlite3';
import { migrations } from './migrations.ts';

type Db = Database.Database;

export interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}

export interface KeelSchema {
  version: number;
  objects: readonly SchemaObject[];
  /** Column names of each table, in order. */
  columns: ReadonlyMap<string, readonly string[]>;
}

/** What SQLite itself adds: statistics tables that ANALYZE / PRAGMA optimize make (only with exactly this SQL). */
const SQLITE_OWN_TABLES = new Map([
  ['sqlite_stat1', 'CREATE TABLE sqlite_stat1(tbl,idx,stat)'],
  ['sqlite_stat4', 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)'],
]);

/** A connection reading an untrusted file: functions in its schema may not have side effects. */
export function distrustSchema(db: Db): void {
  db.pragma('trusted_schema = OFF');
}

function readObjects(db: Db): SchemaObject[] {
  return (
    db.prepare('SELECT type, name, tbl_name AS tblName, sql FROM sqlite_master ORDER BY type, name').all() as SchemaObject[]
  ).filter(
    (o) =>
      // An index SQLite makes for a UNIQUE / PRIMARY KEY constraint has no SQL of its own: the table's SQL decides it.
      !(o.type === 'index' && o.sql === null && o.name.startsWith('sqlite_autoindex_')) &&
      !(o.type === 'table' && SQLITE_OWN_TABLES.get(o.name) === o.sql),
  );
}

function tableColumns(db: Db, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name);
}

const cache = new Map<number, KeelSchema>();

/** The schema Keel's migrations create for `version` (1 … the latest). */
export function keelSchema(version: number): KeelSchema {
  const cached = cache.get(version);
  if (cached) return cached;
  const mem = new Database(':memory:');
  try {
    for (const m of migrations) if (m.version <= version) m.up(mem);
    const objects = readObjects(mem);
    const columns = new Map(objects.filter((o) => o.type === 'table').map((o) => [o.name, tableColumns(mem, o.name)] as const));
    const schema: KeelSchema = { version, objects, columns };
    cache.set(version, schema);
    return schema;
  } finally {
    mem.close();
  }
}

const article = (type: string) => (type === 'index' ? 'an' : 'a');

function describeObject(o: SchemaObject): string {
  const on = o.type === 'index' || o.type === 'trigger' ? ` on ${o.tblName}` : '';
  return `${article(o.type)} ${o.type} "${o.name}"${on}`;
}

/** Where two CREATE statements part: a short excerpt of each around the first difference. */
function whereDiffers(found: string | null, keel: string | null): string {
  const a = (found ?? '').replace(/\s+/g, ' ').trim();
  const b = (keel ?? '').replace(/\s+/g, ' ').trim();
  if (a === b) return 'it differs only in spacing';
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  const cut = (s: string) => `"${from > 0 ? '…' : ''}${s.slice(from, i + 40)}${s.length > i + 40 ? '…' : ''}"`;
  return `${cut(a)} where Keel has ${cut(b)}`;
}

/** Every way `db`'s schema differs from Keel's at `version`, each as a phrase naming what was found. */
export function schemaDifferences(db: Db, version: number): string[] {
  const expected = keelSchema(version);
  const want = new Map(expected.objects.map((o) => [o.name, o]));
  const have = readObjects(db);
  const found = new Map(have.map((o) => [o.name, o]));
  const out: string[] = [];
  for (const o of have) {
    const w = want.get(o.name);
    if (!w) {
      out.push(`it contains ${describeObject(o)} that Keel does not create`);
      continue;
    }
    if (w.type !== o.type) {
      out.push(`"${o.name}" is ${article(o.type)} ${o.type} where Keel has ${article(w.type)} ${w.type}`);
      continue;
    }
    if (w.sql === o.sql && w.tblName === o.tblName) continue;
    if (o.type === 'table') {
      const cols = tableColumns(db, o.name);
      const keel = expected.columns.get(o.name) ?? [];
      out.push(
        cols.join(',') !== keel.join(',')
          ? `table ${o.name} has columns (${cols.join(', ')}) where Keel has (${keel.join(', ')})`
          : `table ${o.name} is declared differently from Keel's: ${whereDiffers(o.sql, w.sql)}`,
      );
    } else {
      out.push(`${describeObject(o)} is defined differently from Keel's: ${whereDiffers(o.sql, w.sql)}`);
    }
  }
  for (const w of expected.objects) {
    if (!found.has(w.name)) out.push(`missing ${w.type} "${w.name}"${w.type === 'index' ? ` on ${w.tblName}` : ''}`);
  }
  return out;
}

/** The differences as one sentence fragment (the first few, and how many more), or null when there are none. */
export function summariseDifferences(differences: readonly string[], max = 5): string | null {
  if (differences.length === 0) return null;
  const shown = differences.slice(0, max).join('; ');
  return differences.length > max ? `${shown}; and ${differences.length - max} more difference(s)` : shown;
}
