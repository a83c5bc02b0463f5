// The web door as a browser sees it: locked without the secret, and the CSP is in force.
import { expect, test } from './fixtures.ts';

test('without the secret the browser gets 401 and no app', async ({ page, door }) => {
  const res = await page.goto(door.origin + '/');
  expect(res?.status()).toBe(401);
  await expect(page.locator('#root')).toHaveCount(0);
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
