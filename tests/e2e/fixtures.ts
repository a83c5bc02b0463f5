// Each e2e test file gets its own web door on a fresh data folder, started exactly as a user would:
// `keel --data-dir DIR serve`, reading the URL it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import type { Result } from '../../src/shared/contract.ts';
import { tempDir } from '../support/tmp.ts';

export interface Door {
  url: string; // entry URL with the secret
  origin: string;
  secret: string;
  dataDir: string;
  process: ChildProcess;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Each running door's secret by origin, so that a spec's API helper can send it as the page does. */
const secrets = new Map<string, string>();

/**
 * The header the page sends on every call to the door: the secret as a Bearer token (never a cookie). A spec
 * that calls /api/* directly (page.request.post) passes these.
 */
export function doorHeaders(origin: string): Record<string, string> {
  const secret = secrets.get(origin);
  if (secret === undefined) throw new Error(`No web door started at ${origin}`);
  return { Authorization: `Bearer ${secret}` };
}

export async function startDoor(args: string[] = []): Promise<Door> {
  const dataDir = tempDir('keel-e2e-');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'keel.mjs'), '--data-dir', dataDir, 'serve', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`keel serve printed no URL within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?secret=\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`keel serve exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  const secret = parsed.searchParams.get('secret') as string;
  secrets.set(parsed.origin, secret);
  return { url, origin: parsed.origin, secret, dataDir, process: child };
}

export function stopDoor(door: Door): Promise<void> {
  return new Promise((resolve) => {
    if (door.process.exitCode !== null) return resolve();
    door.process.once('exit', () => resolve());
    door.process.kill('SIGTERM');
  });
}

/** One operation on a running door, as the page calls it (with its secret); the value, or the test fails. */
export async function callDoor<T>(request: APIRequestContext, origin: string, operation: string, data: unknown = {}): Promise<T> {
  const answer = (await (await request.post(`${origin}/api/${operation}`, { data, headers: doorHeaders(origin) })).json()) as Result<T>;
  if (!answer.ok) throw new Error(`${operation}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

/**
 * A household of one's own: the demo removed and `model` active (so that choosing another model is a real choice).
 * Pages read before this should be loaded again.
 */
export async function withoutDemo(request: APIRequestContext, origin: string, model = 'Classic 60/40'): Promise<void> {
  await callDoor(request, origin, 'clearDemo');
  const found = (await callDoor<{ id: number; name: string }[]>(request, origin, 'listModels')).find((m) => m.name === model);
  if (!found) throw new Error(`the ${model} preset is missing`);
  await callDoor(request, origin, 'activateModel', { id: found.id });
}

/** Activates a model the way a user does: Targets, its row's Activate button; waits until the row says Active. */
export async function activateOnTargets(page: Page, model: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Targets', exact: true }).click();
  const row = page.getByRole('listitem').filter({ hasText: model }).filter({ has: page.getByRole('button', { name: 'Edit' }) });
  await row.getByRole('button', { name: 'Activate' }).click();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
}

/** Fails the test on any console error or CSP violation the page reports. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

export const test = base.extend<object, { door: Door }>({
  door: [
    // Playwright requires the object pattern even for a fixture that uses no other fixture.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const door = await startDoor();
      await use(door);
      await stopDoor(door);
    },
    { scope: 'worker' },
  ],
});


/**
 * For specs that change the household (imports, a removed demo, plans): each test gets a door of its own on a fresh
 * data folder, so the specs that share the worker's door still find the demo household.
 */
export const testWithOwnDoor = base.extend<{ door: Door }>({
  // eslint-disable-next-line no-empty-pattern
  door: async ({}, use) => {
    const door = await startDoor();
    await use(door);
    await stopDoor(door);
  },
});

export { expect };
