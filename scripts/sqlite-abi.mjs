#!/usr/bin/env node
// `node scripts/sqlite-abi.mjs node|electron` — put better-sqlite3's compiled addon on the ABI of the runtime
// about to use it. Tests run under Node, the app under Electron, and one .node file cannot serve both
// (docs/toolchain.md). Each runtime's build is cached in node_modules/.cache/keel-sqlite/<runtime>-<abi>/, so
// switching is a probe plus a file copy. Electron builds happen in a scratch copy of the package, so the Node
// addon is never touched until a working Electron one replaces it; any failure puts the Node addon back.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'better-sqlite3');
const addon = path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
const cacheRoot = path.join(root, 'node_modules', '.cache', 'keel-sqlite');
const electronDir = path.join(root, 'node_modules', 'electron');
const PROBE = "require('better-sqlite3')(':memory:').prepare('select 1 as x').get()";

const runtime = process.argv[2];
if (runtime !== 'node' && runtime !== 'electron') {
  console.error('usage: node scripts/sqlite-abi.mjs node|electron');
  process.exit(2);
}

class Failure extends Error {}
const fail = (reason) => {
  throw new Failure(reason);
};

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

const sqliteVersion = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
const electronPkg = readText(path.join(electronDir, 'package.json'));
const electronVersion = electronPkg ? JSON.parse(electronPkg).version : null;

/** What went wrong, in a few words, from a child's output (never a stack frame), for one-line reasons. */
function shortReason(output) {
  const text = String(output ?? '');
  const download = /gyp http GET (\S+)[\s\S]*rolling back install/.exec(text);
  if (download) return `could not download ${download[1]}`;
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /error|failed|not found|ENOTFOUND|ENOENT|EACCES/i.test(l) && !/^(gyp ERR! stack )?at /.test(l)) ?? lines.at(-1) ?? 'no output';
  return line.replace(/^(gyp ERR! (stack )?|prebuild-install (warn|err!?|info) (install )?)/i, '').slice(0, 160);
}

/** Env for build tools without npm's nodedir-like settings: npm passes the machine's `nodedir` to scripts,
 * and node-gyp would then silently compile against Node's headers while we asked for Electron's. */
function buildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|devdir|dist_?url|target|runtime|node_gyp|build_from_source)$/i.test(key)) delete env[key];
  }
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

function electronBinary() {
  const rel = readText(path.join(electronDir, 'path.txt'));
  const bin = rel && path.join(electronDir, 'dist', rel);
  return bin && fs.existsSync(bin) ? bin : null;
}

function nodeAbi() {
  return process.versions.modules;
}

function electronAbi() {
  const known = readText(path.join(electronDir, 'abi_version'));
  if (known) return known;
  const bin = electronBinary();
  const r = bin && spawnSync(bin, ['-p', 'process.versions.modules'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
  return r && r.status === 0 ? r.stdout.trim() : fail('cannot tell which ABI this Electron uses');
}

/** Does the addon currently in place load (and run a query) in `target`? */
function loadsIn(target) {
  if (!fs.existsSync(addon)) return false;
  const opts = { cwd: root, stdio: 'ignore', timeout: 60_000 };
  if (target === 'node') {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    return spawnSync(process.execPath, ['-e', PROBE], { ...opts, env }).status === 0;
  }
  const bin = electronBinary();
  return !!bin && spawnSync(bin, ['-e', PROBE], { ...opts, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }).status === 0;
}

function cacheFile(target, abi) {
  return path.join(cacheRoot, `${target}-${abi}`, `better_sqlite3-${sqliteVersion}.node`);
}

/** Copy then rename, so a process loading the addon meanwhile sees the old file or the new one, never half. */
function copyAtomic(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  fs.copyFileSync(from, tmp);
  fs.renameSync(tmp, to);
}

function remember(target, abi) {
  const file = cacheFile(target, abi);
  if (!fs.existsSync(file)) copyAtomic(addon, file);
}

/** Put a cached build in place; true if it then loads in `target`. A cached build that does not load is dropped. */
function restoreFromCache(target, abi) {
  const file = cacheFile(target, abi);
  if (!fs.existsSync(file)) return false;
  copyAtomic(file, addon);
  if (loadsIn(target)) return true;
  fs.rmSync(file, { force: true });
  return false;
}

function run(cmd, args, cwd, env = buildEnv()) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}\n${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}` };
}

function ensureNode() {
  const abi = nodeAbi();
  if (loadsIn('node')) {
    remember('node', abi);
    return 'already';
  }
  if (restoreFromCache('node', abi)) return 'cache';
  // No cached Node build: rebuild the normal way (npm's nodedir points at Node's headers, which is right here).
  console.error(`sqlite-abi: rebuilding better-sqlite3 for Node ${process.versions.node} (about a minute)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = run(npm, ['rebuild', 'better-sqlite3'], root, process.env);
  if (!r.ok) fail(`npm rebuild better-sqlite3 failed (${shortReason(r.output)})`);
  if (!loadsIn('node')) fail('better-sqlite3 was rebuilt but still does not load in Node');
  remember('node', abi);
  return 'rebuilt';
}

function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && fs.existsSync(c)) ?? null;
}

/** Build the Electron addon in a scratch copy of the package; returns the path of the built .node. */
function buildForElectron(abi) {
  const scratch = path.join(cacheRoot, `build-electron-${abi}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.cpSync(pkgDir, scratch, { recursive: true, filter: (src) => path.relative(pkgDir, src).split(path.sep)[0] !== 'build' });
  try {
    return { scratch, built: compileInto(scratch) };
  } catch (e) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}

/** prebuild-install (a download), else node-gyp against Electron's headers; returns the built .node. */
function compileInto(scratch) {
  const built = path.join(scratch, 'build', 'Release', 'better_sqlite3.node');
  const reasons = [];

  const prebuild = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
  if (fs.existsSync(prebuild)) {
    const r = run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], scratch);
    if (r.ok && fs.existsSync(built)) return built;
    reasons.push(`prebuild-install: ${shortReason(r.output)}`);
  }

  const gyp = nodeGypScript();
  if (!gyp) fail(`no Electron build of better-sqlite3 (${[...reasons, 'node-gyp not found'].join('; ')})`);
  console.error(`sqlite-abi: compiling better-sqlite3 for Electron ${electronVersion} (about a minute)…`);
  const home = process.env.HOME || process.env.USERPROFILE || root;
  const r = run(
    process.execPath,
    [
      gyp,
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
      // Electron's headers in their own folder, apart from Node's.
      `--devdir=${path.join(home, '.electron-gyp')}`,
    ],
    scratch,
  );
  if (r.ok && fs.existsSync(built)) return built;
  reasons.push(`node-gyp: ${shortReason(r.output)}`);
  fail(`no Electron build of better-sqlite3 (${reasons.join('; ')})`);
}

function ensureElectron() {
  if (!electronVersion) fail('the electron package is not installed');
  if (!electronBinary()) {
    const r = run(process.execPath, [path.join(electronDir, 'install.js')], root, process.env);
    if (!r.ok || !electronBinary()) fail(`the Electron binary could not be obtained (${shortReason(r.output)})`);
  }
  const abi = electronAbi();
  if (loadsIn('electron')) {
    remember('electron', abi);
    return 'already';
  }
  // Keep the Node build so every failure below (and the next `npm test`) can switch back by copying.
  ensureNode();
  if (restoreFromCache('electron', abi)) return 'cache';

  const { scratch, built } = buildForElectron(abi);
  try {
    copyAtomic(built, cacheFile('electron', abi));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (!restoreFromCache('electron', abi)) fail(`the Electron build of better-sqlite3 does not load in Electron ${electronVersion}`);
  return 'built';
}

try {
  const how = runtime === 'node' ? ensureNode() : ensureElectron();
  if (how !== 'already') console.log(`sqlite-abi: better-sqlite3 is now built for ${runtime} (${how === 'cache' ? 'from cache' : how}).`);
  process.exit(0);
} catch (e) {
  const reason = e instanceof Failure ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
  if (runtime === 'electron') {
    try {
      ensureNode();
    } catch (restoreError) {
      console.error(`sqlite-abi: ${reason}; restoring the Node build also failed: ${restoreError.message}`);
      process.exit(1);
    }
  }
  console.error(`sqlite-abi: ${reason}`);
  process.exit(1);
}
