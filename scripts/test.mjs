#!/usr/bin/env node
// `npm test`: lint, typecheck, unit tests (vitest), build, end-to-end tests (Playwright in Chromium through the
// web door, plus the Electron suite where an Electron binary exists). Every suite runs even if an earlier one
// failed; the last line totals them all: `N passed, N failed, N skipped`, after every skipped test and its reason.
// `--stress` (npm run test:stress) runs only the slow *.stress.test.ts suite instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = [];
/** Every skipped test with its reason, printed again in the final summary so no skip goes unexplained. */
const skipped = [];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
  return r.status ?? 1;
}

function record(suite, passed, failed, skipped = 0, note = '') {
  results.push({ suite, passed, failed, skipped, note });
  console.log(`\n== ${suite}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${note ? ` (${note})` : ''}\n`);
}

function check(suite, cmd, args) {
  console.log(`\n== ${suite}: ${[path.basename(cmd), ...args].join(' ')}`);
  const status = run(cmd, args);
  record(suite, status === 0 ? 1 : 0, status === 0 ? 0 : 1);
}

const SKIP_REPORTER = './tests/support/skip-reporter.ts';

function readLines(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** "title — reason" for every skipped test in a Playwright JSON report, so a skip is never silent. */
function skippedWithReasons(report) {
  const lines = [];
  const walk = (suite, prefix) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped' && !(t.results ?? []).some((r) => r.status === 'skipped')) continue;
        const reason = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
        lines.push(`${prefix}${spec.title} — ${reason}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, `${prefix}${child.title ? child.title + ' › ' : ''}`);
  };
  for (const suite of report?.suites ?? []) walk(suite, `${suite.title} › `);
  return lines;
}

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
function findChromium() {
  if (process.env.KEEL_CHROMIUM && fs.existsSync(process.env.KEEL_CHROMIUM)) return process.env.KEEL_CHROMIUM;
  return CHROMIUM_PATHS.find((p) => fs.existsSync(p));
}

/** A Chromium for the e2e suite: the system's, else Debian's package (as root), else Playwright's own download. */
function ensureChromium() {
  if (findChromium()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && fs.existsSync('/etc/debian_version')) {
    console.log('Keel tests: no Chromium found; installing Debian\'s chromium package…');
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) === 0 && run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) === 0 && findChromium()) {
      return true;
    }
  }
  console.log('Keel tests: no system Chromium; asking Playwright to download its own…');
  if (run(bin('playwright'), ['install', 'chromium']) === 0) return 'playwright';
  console.log('Keel tests: no Chromium available — install one (Debian: `apt-get install chromium`) or run `npx playwright install chromium`.');
  return false;
}

// better-sqlite3 must be built for Node's ABI (npm start may have switched it to Electron's).
if (fs.existsSync(path.join(root, 'scripts', 'sqlite-abi.mjs'))) {
  if (run(process.execPath, [path.join(root, 'scripts', 'sqlite-abi.mjs'), 'node']) !== 0) {
    console.log('Keel tests: could not switch better-sqlite3 to Node\'s ABI; unit tests will fail to open databases.');
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-npm-test-'));

/** vitest with the given config; its skips (with reasons) go to the summary. */
function vitest(suite, config) {
  const out = path.join(tmp, `${suite}.json`);
  const skips = path.join(tmp, `${suite}-skips.txt`);
  console.log(`\n== ${suite}: vitest run${config ? ` --config ${config}` : ''}`);
  const args = ['run', ...(config ? ['--config', config] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, `--reporter=${SKIP_REPORTER}`];
  const status = run(bin('vitest'), args, { env: { KEEL_VITEST_SKIPS: skips } });
  const j = readJson(out);
  for (const line of readLines(skips)) skipped.push(`${suite} › ${line}`);
  if (j) {
    const brokenFiles = (j.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    record(suite, j.numPassedTests, j.numFailedTests + brokenFiles, (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0));
  } else record(suite, 0, 1, 0, `vitest exited ${status} without a report`);
}

function summary() {
  const total = results.reduce((t, r) => ({ p: t.p + r.passed, f: t.f + r.failed, s: t.s + r.skipped }), { p: 0, f: 0, s: 0 });
  console.log('\nKeel test summary');
  for (const r of results) {
    console.log(`  ${r.suite.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.note ? ` (${r.note})` : ''}`);
  }
  for (const line of skipped) console.log(`  skipped: ${line}`);
  console.log(`${total.p} passed, ${total.f} failed${total.s ? `, ${total.s} skipped` : ''}`);
  process.exitCode = total.f > 0 ? 1 : 0;
}

if (process.argv.includes('--stress')) {
  // `npm run test:stress`: only the slow suite.
  vitest('stress', 'vitest.stress.config.ts');
  summary();
  process.exit();
}

check('lint', bin('eslint'), ['.']);
check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);

vitest('unit');

check('build', bin('electron-vite'), ['build']);

{
  const chromium = ensureChromium();
  if (!chromium) {
    record('e2e', 0, 1, 0, 'no Chromium');
  } else {
    const out = path.join(tmp, 'playwright.json');
    console.log('\n== e2e: playwright test');
    const status = run(bin('playwright'), ['test'], { env: { KEEL_PW_JSON: out } });
    const j = readJson(out);
    for (const line of skippedWithReasons(j)) skipped.push(`e2e › ${line}`);
    if (j?.stats) {
      const s = j.stats;
      const setupFailed = (j.errors ?? []).length;
      record('e2e', s.expected + s.flaky, s.unexpected + setupFailed, s.skipped, s.flaky ? `${s.flaky} flaky` : '');
    } else record('e2e', 0, 1, 0, `playwright exited ${status} without a report`);
  }
}

summary();
