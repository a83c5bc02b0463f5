// The real Electron app, driven by Playwright: it loads from app://keel, shows the household, and the renderer
// has no Node and exactly the contract on window.keel. Runs only where an Electron binary and a build exist
// (the binary cannot be downloaded on this project's machines); otherwise it is reported as skipped, with why.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron, type ElectronApplication, expect, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp.ts';
import { REMOTE_OPERATION_NAMES, type HouseholdSummary, type RemoteApi, type Result } from '../../src/shared/contract.ts';
import { formatMoney } from '../../src/renderer/src/format.ts';
import { tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');
const SQLITE_ABI = path.join(ROOT, 'scripts', 'sqlite-abi.mjs');

/** The Electron executable, found from path.txt — never `require('electron')`, which would try to download it. */
function electronBinary(): string | null {
  const pathFile = path.join(ELECTRON_DIR, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(ELECTRON_DIR, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

function whyItCannotRun(): string | null {
  const reasons: string[] = [];
  if (!electronBinary()) {
    reasons.push(
      'no Electron binary (node_modules/electron/path.txt or dist/ missing; it cannot be downloaded on this machine — elsewhere run `node node_modules/electron/install.js`)',
    );
  }
  for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!fs.existsSync(path.join(ROOT, built))) reasons.push(`${built} not built (run \`npx electron-vite build\`)`);
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    reasons.push('no display (run under `xvfb-run`)');
  }
  return reasons.length ? reasons.join('; ') : null;
}

function sqliteAbi(runtime: 'node' | 'electron'): { ok: boolean; reason: string } {
  const r = spawnSync(process.execPath, [SQLITE_ABI, runtime], { cwd: ROOT, encoding: 'utf8' });
  const reason = `${r.stderr ?? ''}`.trim().split('\n').at(-1) ?? '';
  return { ok: r.status === 0, reason };
}

declare global {
  interface Window {
    keel?: RemoteApi;
  }
}

test('the Electron app opens on app://keel with the household total and a locked-down renderer', async () => {
  const blocker = whyItCannotRun();
  test.skip(blocker !== null, `Electron e2e cannot run here: ${blocker}`);

  // The app runs under Electron's ABI; put Node's back afterwards for the rest of the suite.
  const abi = sqliteAbi('electron');
  if (!abi.ok) sqliteAbi('node');
  test.skip(!abi.ok, `better-sqlite3 could not be prepared for Electron: ${abi.reason}`);

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL; // never the dev server here
  env.KEEL_DATA_DIR = tempDir('keel-electron-e2e-');

  // Chromium refuses to start as root with its OS sandbox (containers, CI); the renderer sandbox flags stay on.
  const chromiumArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  let app: ElectronApplication | undefined;
  try {
    app = await electron.launch({ executablePath: electronBinary()!, args: [...chromiumArgs, ROOT], cwd: ROOT, env });
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/Keel/);
    expect(page.url()).toMatch(/^app:\/\/keel\//);

    // Node stays out of the renderer; window.keel is exactly the contract.
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    expect((await page.evaluate(() => Object.keys(window.keel ?? {}))).sort()).toEqual([...REMOTE_OPERATION_NAMES].sort());

    // The dashboard shows the (fresh, demo) household total exactly as the core computes it.
    const answer = (await page.evaluate(() => window.keel!.getHouseholdSummary({}))) as Result<HouseholdSummary>;
    if (!answer.ok) throw new Error(answer.error.message);
    await page.evaluate(() => (location.hash = '#/dashboard'));
    await expect(page.getByTestId('household-total')).toHaveText(formatMoney(answer.value.total, answer.value.baseCurrency));

    // The CSP arrives as a header from the app:// handler.
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toBe(CONTENT_SECURITY_POLICY);

    // Navigating away is refused: the window stays on app://keel.
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/keel\//);
  } finally {
    await app?.close();
    sqliteAbi('node');
  }
});
