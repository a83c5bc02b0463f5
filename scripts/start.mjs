#!/usr/bin/env node
// `npm start` (and `npm run dev`, which passes --dev): open Keel's Electron window, or — when that cannot
// work here (no display, no Electron binary, no Electron build of better-sqlite3) — say why in one line and
// serve the same UI through the web door (`keel serve`) instead. Exits with the app's exit code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const passThrough = process.argv.slice(2).filter((a) => a !== '--dev');
const electronDir = path.join(root, 'node_modules', 'electron');
const sqliteAbi = path.join(root, 'scripts', 'sqlite-abi.mjs');

const say = (line) => console.log(`Keel: ${line}`);

/** What went wrong, in a few words, from a child's output (never a stack frame). */
function shortReason(output) {
  const lines = String(output ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /error|failed|ENOTFOUND|ENOENT|EACCES/i.test(l) && !/^at /.test(l)) ?? lines.at(-1);
  return (line ?? 'no output').slice(0, 160);
}

/** The reason line sqlite-abi printed last (it prints exactly one on failure). */
function sqliteAbiReason(output) {
  const lines = String(output ?? '').split(/\r?\n/).map((l) => l.trim());
  const line = lines.filter((l) => l.startsWith('sqlite-abi: ') && !l.endsWith('…')).at(-1);
  return line ? line.slice('sqlite-abi: '.length) : shortReason(output);
}

function envWithout(...keys) {
  const env = { ...process.env };
  for (const k of keys) delete env[k];
  return env;
}

/**
 * Runs a child and collects its output. `slowNote` and the child's progress notes (stderr lines ending in
 * "…", e.g. a minute-long compile) are shown only while it is still running two seconds later, so a quick
 * failure stays a single line.
 */
function capture(cmd, args, { slowNote } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: envWithout('ELECTRON_RUN_AS_NODE'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timers = new Set();
    const later = (line) => timers.add(setTimeout(() => console.error(line), 2000));
    if (slowNote) later(`Keel: ${slowNote}`);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      out += d;
      for (const line of String(d).split(/\r?\n/)) if (line.trim().endsWith('…')) later(line.trim());
    });
    const done = (code, extra = '') => {
      for (const t of timers) clearTimeout(t);
      resolve({ code, out: out + extra });
    };
    child.on('error', (e) => done(1, `\n${e.message}`));
    child.on('close', (code) => done(code ?? 1));
  });
}

/** Runs a child attached to this terminal, forwarding Ctrl-C/termination; resolves to its exit code. */
function attach(cmd, args, env = envWithout('ELECTRON_RUN_AS_NODE')) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (e) => {
      console.error(`Keel: could not run ${path.basename(cmd)}: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    });
  });
}

function electronBinary() {
  try {
    const bin = path.join(electronDir, 'dist', fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

async function webDoor(why) {
  say(`${why}; serving the web door instead.`);
  // The web door runs under Node, so the database driver must be on Node's ABI (npm start may have switched it).
  const abi = await capture(process.execPath, [sqliteAbi, 'node']);
  if (abi.code !== 0) {
    say(`better-sqlite3 could not be prepared for Node (${sqliteAbiReason(abi.out)}).`);
    return 1;
  }
  return attach(process.execPath, [path.join(root, 'bin', 'keel.mjs'), 'serve', ...passThrough]);
}

async function main() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return webDoor('no display here, so the Electron window cannot open');
  }

  if (!electronBinary()) {
    const r = await capture(process.execPath, [path.join(electronDir, 'install.js')], {
      slowNote: 'downloading Electron (first run only)…',
    });
    if (r.code !== 0 || !electronBinary()) return webDoor(`the Electron binary could not be obtained (${shortReason(r.out)})`);
  }

  const abi = await capture(process.execPath, [sqliteAbi, 'electron']);
  if (abi.code !== 0) {
    return webDoor(sqliteAbiReason(abi.out));
  }

  const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (dev) return attach(process.execPath, [electronVite, 'dev']);
  const built = await attach(process.execPath, [electronVite, 'build']);
  if (built !== 0) return built;
  return attach(electronBinary(), ['.']);
}

process.exitCode = await main();
