// Where Playwright finds a Chromium: Debian's /usr/bin/chromium when present (this project's machines), else
// the browser Playwright downloaded itself (`npx playwright install chromium` on an ordinary machine).
import fs from 'node:fs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function systemChromium(): string | undefined {
  if (process.env.KEEL_CHROMIUM) return process.env.KEEL_CHROMIUM;
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
}

export function chromiumLaunchOptions() {
  const executablePath = systemChromium();
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}
