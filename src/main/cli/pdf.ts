// `keel plan … --pdf FILE`: prints the standalone trade-list HTML to PDF with a Chromium or Chrome found on this
// machine, headless (`--print-to-pdf`). Nothing is downloaded; without a browser the command says what to install
// or which variable to set. The app itself saves PDFs through Electron (File › Save as PDF…).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export class NoBrowserError extends Error {
  constructor(tried: string[]) {
    super(
      `no Chromium or Chrome found to print the PDF (tried ${tried.join(', ')}). Install Chromium or Google Chrome, ` +
        'set KEEL_CHROMIUM to its executable, or write HTML with --html FILE and print that from a browser.',
    );
    this.name = 'NoBrowserError';
  }
}

export function browserCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string[] {
  const list: string[] = [];
  if (env.KEEL_CHROMIUM) list.push(env.KEEL_CHROMIUM);
  if (platform === 'darwin') {
    list.push('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium');
  } else if (platform === 'win32') {
    for (const base of [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA]) {
      if (base) list.push(path.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'), path.join(base, 'Chromium', 'Application', 'chrome.exe'));
    }
  } else {
    list.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium');
  }
  return list;
}

/** The first browser that exists; KEEL_CHROMIUM, when set, must exist. */
export function findBrowser(env: NodeJS.ProcessEnv, exists: (p: string) => boolean = fs.existsSync): string {
  if (env.KEEL_CHROMIUM) {
    if (exists(env.KEEL_CHROMIUM)) return env.KEEL_CHROMIUM;
    throw new NoBrowserError([`KEEL_CHROMIUM=${env.KEEL_CHROMIUM} (not found)`]);
  }
  const list = browserCandidates(env);
  const found = list.find((p) => exists(p));
  if (!found) throw new NoBrowserError(list);
  return found;
}

/** Prints `html` (a whole document) to `pdfFile` with the browser; resolves when the PDF is written. */
export async function printHtmlToPdf(html: string, pdfFile: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const browser = findBrowser(env);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-pdf-'));
  try {
    const page = path.join(dir, 'trade-list.html');
    const out = path.join(dir, 'trade-list.pdf');
    fs.writeFileSync(page, html, 'utf8');
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-sandbox',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ];
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 20_000) stderr += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, stderr });
      });
    });
    const ok = fs.existsSync(out) && fs.readFileSync(out).subarray(0, 5).toString('latin1') === '%PDF-';
    if (!ok) {
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`${browser} did not write a PDF (exit ${code ?? 'killed'})${last ? `: ${last}` : ''}`);
    }
    // Copy, then rename into place: the target is never half-written.
    const target = path.resolve(pdfFile);
    const partial = `${target}.partial-${process.pid}`;
    fs.copyFileSync(out, partial);
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
