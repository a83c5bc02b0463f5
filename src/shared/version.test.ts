import fs from 'node:fs';
import { expect, it } from 'vitest';
import { KEEL_VERSION } from './version.ts';

it('KEEL_VERSION matches package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(KEEL_VERSION).toBe(pkg.version);
});
