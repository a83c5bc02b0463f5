// Diagnosis of a database file without changing it: the header first (no SQLite), then `quick_check` on a
// read-only connection, then the schema compared in full with Keel's (schema.ts; reads only sqlite_master). Used by
// `keel check`, by restore (to vet a backup) and by the startup recovery screen: a database whose schema is not
// Keel's is damage ('corrupt'). It never writes to, repairs or deletes the file it looks at.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { readWaiting, type WaitOptions } from './lock.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { distrustSchema, keelSchema, schemaDifferences, summariseDifferences } from './schema.ts';

export type HealthState = 'missing' | 'ok' | 'corrupt' | 'truncated' | 'not-sqlite' | 'too-new';

export interface Health {
  state: HealthState;
  detail: string;
  /** user_version when it could be read. */
  version?: number;
  /** Set when the file is sound SQLite but its schema differs from Keel's: what differs (also in `detail`). */
  schema?: string;
}

const MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');

/** Tables a Keel database at schema `version` has (from running the migrations on an empty in-memory db). */
export function expectedTables(version: number): string[] {
  return [...keelSchema(version).columns.keys()].sort();
}

/** How an open Keel database's schema differs from what Keel's migrations create for its user_version, or null. */
export function keelSchemaDifferences(db: Database.Database): string | null {
  const version = db.pragma('user_version', { simple: true }) as number;
  return version === 0 ? null : summariseDifferences(schemaDifferences(db, Math.min(version, LATEST_SCHEMA_VERSION)));
}

/** Why an open database is not a Keel database at its user_version (its schema compared in full), or null when it is. */
export function keelSchemaProblem(db: Database.Database): string | null {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) {
    const empty = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0;
    return empty ? 'an empty database (no Keel data)' : 'a SQLite database, but not a Keel one (user_version 0)';
  }
  const differences = keelSchemaDifferences(db);
  return differences && `the schema is not Keel's at version ${version}: ${differences}`;
}

interface Header {
  pageSize: number;
  pageCount: number | null;
  userVersion: number;
}

function readHeader(file: string, size: number): Health | Header {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    const got = header.subarray(0, read);
    if (read < 100) {
      // A prefix of a SQLite header is a database cut short; anything else is not SQLite at all.
      return MAGIC.subarray(0, Math.min(read, 16)).equals(got.subarray(0, Math.min(read, 16)))
        ? { state: 'truncated', detail: `only ${size} bytes: shorter than a SQLite header` }
        : { state: 'not-sqlite', detail: 'no SQLite header' };
    }
    if (!got.subarray(0, 16).equals(MAGIC)) return { state: 'not-sqlite', detail: 'no SQLite header' };
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
      return { state: 'corrupt', detail: `invalid page size ${raw} in the header` };
    }
    // The in-header page count is valid only when "version-valid-for" (92) equals the change counter (24).
    const pageCount = header.readUInt32BE(92) === header.readUInt32BE(24) ? header.readUInt32BE(28) : null;
    return { pageSize, pageCount, userVersion: header.readUInt32BE(60) };
  } finally {
    fs.closeSync(fd);
  }
}

function walBytes(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/** What one snapshot of an open database says: its version, quick_check's complaints, and its schema's problem. */
function inspect(db: Database.Database): { version: number; problems: string[]; schema: string | null; differences: string | null } {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_SCHEMA_VERSION) return { version, problems: [], schema: null, differences: null };
  const rows = db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  const schema = problems.length > 0 ? null : keelSchemaProblem(db);
  return { version, problems, schema, differences: schema ? keelSchemaDifferences(db) : null };
}

/** Diagnoses `file` (normally <dataDir>/keel.db, or a backup). Read-only; never throws for a bad file. */
export function checkDatabase(file: string, options: WaitOptions = {}): Health {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', detail: `${file} does not exist` };
    return { state: 'corrupt', detail: `cannot read ${file}: ${(e as Error).message}` };
  }
  if (!stat.isFile()) return { state: 'not-sqlite', detail: `${file} is not a file` };
  if (stat.size === 0) return { state: 'truncated', detail: 'the file is empty (0 bytes)' };

  let header: Health | Header;
  try {
    header = readHeader(file, stat.size);
  } catch (e) {
    return { state: 'corrupt', detail: `cannot read ${file}: ${(e as Error).message}` };
  }
  if ('state' in header) return header;
  if (header.userVersion > LATEST_SCHEMA_VERSION) {
    return {
      state: 'too-new',
      detail: `written by a newer Keel (schema ${header.userVersion}; this app knows up to ${LATEST_SCHEMA_VERSION})`,
      version: header.userVersion,
    };
  }
  // With a write-ahead log beside it the file alone is not the database: a crash during a checkpoint can leave
  // the header counting pages the file does not hold yet, and opening it replays the log. SQLite judges that case.
  const hotWal = walBytes(file) > 0;
  if (!hotWal && stat.size % header.pageSize !== 0) {
    return { state: 'truncated', detail: `${stat.size} bytes is not a whole number of ${header.pageSize}-byte pages`, version: header.userVersion };
  }
  if (!hotWal && header.pageCount !== null && stat.size < header.pageCount * header.pageSize) {
    return {
      state: 'truncated',
      detail: `${stat.size} bytes, but the header says ${header.pageCount} pages of ${header.pageSize} (${header.pageCount * header.pageSize} bytes)`,
      version: header.userVersion,
    };
  }

  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    distrustSchema(db);
    // A WAL may hold a newer header. While a restore holds the file this waits for it (lock.ts): busy is not damage.
    // One read transaction, so the version, the check and the schema all come from the same snapshot: another Keel
    // migrating the file meanwhile (a first launch next to ours) commits schema and version together, and reads
    // taken across its commits would pair one version with another's schema and call a sound file corrupt.
    const reader = db;
    const seen = readWaiting(reader, file, () => reader.transaction(() => inspect(reader))(), options);
    const { version } = seen;
    if (version > LATEST_SCHEMA_VERSION) {
      return { state: 'too-new', detail: `written by a newer Keel (schema ${version}; this app knows up to ${LATEST_SCHEMA_VERSION})`, version };
    }
    if (seen.problems.length > 0) return { state: 'corrupt', detail: `quick_check: ${seen.problems.slice(0, 5).join('; ')}`, version };
    // An empty database (user_version 0, no tables) is what a first launch creates: Keel migrates it.
    if (seen.schema && !(version === 0 && seen.schema.startsWith('an empty'))) {
      return { state: 'corrupt', detail: seen.schema, version, ...(seen.differences ? { schema: seen.differences } : {}) };
    }
    return { state: 'ok', detail: `SQLite database, schema ${version}, quick_check ok`, version };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') return { state: 'not-sqlite', detail: (e as Error).message };
    return { state: 'corrupt', detail: `${code ? code + ': ' : ''}${(e as Error).message}`, version: header.userVersion };
  } finally {
    db?.close();
  }
}
