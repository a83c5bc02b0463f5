// The web door as a browser sees it: the secret travels in a header the page sends, never in a cookie (browsers
// send 127.0.0.1's cookies to every port of it); locked without the secret; the CSP is in force.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatasetExportView, HouseholdSummary, Result } from '../../src/shared/contract.ts';
import { formatMoney } from '../../src/renderer/src/format.ts';
import { doorHeaders, expect, test, watchConsole } from './fixtures.ts';

test('without the secret the page holds no data and says which URL to open; the API answers 401', async ({ page, door }) => {
  const res = await page.goto(door.origin + '/');
  expect(res?.status()).toBe(200); // the shell: markup and scripts, no data
  await expect(page.getByTestId('door-locked')).toContainText('Open the URL that keel serve printed');
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  const api = await page.request.post(`${door.origin}/api/getHouseholdSummary`, { data: {} });
  expect(api.status()).toBe(401);
  expect((await page.goto(`${door.origin}/?secret=from-an-earlier-launch`))?.status()).toBe(401);
});

test('the page drops the secret from the address bar and keeps working across a reload', async ({ page, door }) => {
  const problems = watchConsole(page);
  const summary = (await (await page.request.post(`${door.origin}/api/getHouseholdSummary`, { data: {}, headers: doorHeaders(door.origin) })).json()) as Result<HouseholdSummary>;
  if (!summary.ok) throw new Error(summary.error.message);
  const total = formatMoney(summary.value.total, summary.value.baseCurrency);

  await page.goto(`${door.url}#/dashboard`);
  await expect(page.getByText(total).first()).toBeVisible();
  expect(page.url()).toBe(`${door.origin}/#/dashboard`);
  await page.reload();
  await expect(page.getByText(total).first()).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Holdings', exact: true }).click();
  await expect(page.getByText(summary.value.accounts[0]?.name as string).filter({ visible: true }).first()).toBeVisible();
  expect(await page.context().cookies(door.origin)).toEqual([]);
  expect(problems).toEqual([]);
});

test('another port of 127.0.0.1 never receives the secret, and the cookies the browser holds open nothing', async ({ page, door, playwright }) => {
  // A second local service, as a dev server or another user's listener would be: it records what the browser sends it.
  const seen: Array<string | undefined> = [];
  const other = http.createServer((req, res) => {
    seen.push(req.headers.cookie);
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>Another local service</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    await page.goto(door.url);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await page.goto(`${otherOrigin}/`);
    await expect(page).toHaveTitle('Another local service');
    expect(seen.length).toBeGreaterThan(0);
    for (const cookie of seen) expect(cookie ?? '').not.toContain(door.secret);

    // Replay everything the browser would send by itself for 127.0.0.1 (its cookies, plus the secret as the old
    // session cookie, plus what the other service saw): /api and /exports answer 401 to all of it.
    const jar = (await page.context().cookies(door.origin)).map((c) => `${c.name}=${c.value}`);
    const cookieHeader = [...jar, ...seen.filter((c): c is string => !!c), `keel_session=${door.secret}`].join('; ');
    const exported = (await (await page.request.post(`${door.origin}/api/exportDataset`, { data: {}, headers: doorHeaders(door.origin) })).json()) as Result<DatasetExportView>;
    if (!exported.ok) throw new Error(exported.error.message);
    const replay = await playwright.request.newContext();
    try {
      const api = await replay.post(`${door.origin}/api/getHouseholdSummary`, { data: {}, headers: { Cookie: cookieHeader } });
      expect(api.status()).toBe(401);
      expect(await api.text()).not.toContain('Demo');
      const file = await replay.get(`${door.origin}/exports/${exported.value.name}`, { headers: { Cookie: cookieHeader } });
      expect(file.status()).toBe(401);
      // With the header, as the page sends it, the same file downloads.
      expect((await replay.get(`${door.origin}/exports/${exported.value.name}`, { headers: doorHeaders(door.origin) })).status()).toBe(200);
    } finally {
      await replay.dispose();
    }
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

test('Settings → Export dataset downloads the file through the header-authenticated fetch', async ({ page, door }) => {
  await page.goto(`${door.url}#/settings`);
  const section = page.getByTestId('backups');
  await section.getByRole('button', { name: 'Export dataset' }).click();
  const downloading = page.waitForEvent('download');
  await section.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^keel-export-\d{8}-\d{6}\.keel$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
});

test('the page is served with the app CSP, and inline script is blocked', async ({ page, door }) => {
  const res = await page.goto(door.url);
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.appendChild(s);
    return (window as unknown as { __inline?: number }).__inline ?? 0;
  });
  expect(ran).toBe(0);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});
