// bin/keel.mjs runs the built CLI only while it is at least as new as every source (scripts/cli-bundle.mjs): npm test
// runs the unit tests, which spawn keel, before its build step, so a stale bundle must never run.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/tmp.ts';
import { freshCliBundle } from '../../../scripts/cli-bundle.mjs';

function project(): { root: string; bundle: string; source: string } {
  const root = tempDir();
  const source = path.join(root, 'src', 'main', 'cli', 'main.ts');
  const bundle = path.join(root, 'out', 'main', 'cli.js');
  for (const f of [source, bundle]) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, '');
  }
  return { root, bundle, source };
}

const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

function age(root: string, seconds: number): void {
  for (const d of ['src', 'src/main', 'src/main/cli']) at(path.join(root, d), seconds);
}

describe('which keel runs', () => {
  it('the bundle, when no source is newer', () => {
    const p = project();
    age(p.root, 1000);
    at(p.source, 1000);
    at(p.bundle, 2000);
    expect(freshCliBundle(p.root)).toBe(p.bundle);
  });

  it('the sources, when a file under src/ is newer, a file was added or removed, or there is no bundle', () => {
    const p = project();
    age(p.root, 1000);
    at(p.bundle, 2000);
    at(p.source, 3000);
    expect(freshCliBundle(p.root)).toBeNull();
    at(p.source, 1000);
    fs.writeFileSync(path.join(p.root, 'src', 'main', 'new.ts'), ''); // the folder's mtime moves
    expect(freshCliBundle(p.root)).toBeNull();
    fs.rmSync(p.bundle);
    expect(freshCliBundle(p.root)).toBeNull();
  });
});
