// The web door's rules without a socket: what the browser sends by itself (cookies, cached Basic credentials)
// never passes; only the secret in an Authorization: Bearer header opens /api and /exports.
import { describe, expect, it } from 'vitest';
import { bearerToken, guard, needsSecret, type RequestFacts } from './guard.ts';

const config = { host: '127.0.0.1', port: 4000, secret: 's3cret-s3cret-s3cret-s3cret-s3cret' };
const facts = (url: string, headers: Record<string, string> = {}, method = 'POST'): RequestFacts => ({
  method,
  url,
  headers: { host: '127.0.0.1:4000', ...headers },
});

describe('guard', () => {
  it('/api and /exports need the secret in an Authorization: Bearer header', () => {
    expect(guard(facts('/api/getAppInfo', { authorization: `Bearer ${config.secret}` }), config)).toEqual({ kind: 'allow' });
    expect(guard(facts('/exports/x.keel', { authorization: `bearer ${config.secret}` }, 'GET'), config)).toEqual({ kind: 'allow' });
    for (const headers of <Record<string, string>[]>[
      {},
      { cookie: `keel_session=${config.secret}` },
      { cookie: `keel_session=${config.secret}`, authorization: 'Bearer wrong' },
      { authorization: `Basic ${Buffer.from(`keel:${config.secret}`).toString('base64')}` },
      { authorization: config.secret },
      { authorization: `Bearer ${config.secret}x` },
    ]) {
      expect(guard(facts('/api/getAppInfo', headers), config), JSON.stringify(headers)).toMatchObject({ kind: 'deny', status: 401 });
    }
    expect(guard(facts(`/api/getAppInfo?secret=${config.secret}`), config)).toMatchObject({ kind: 'deny', status: 401 });
  });

  it('the shell is public, but a wrong secret in its URL is refused', () => {
    expect(guard(facts('/', {}, 'GET'), config)).toEqual({ kind: 'allow' });
    expect(guard(facts(`/?secret=${config.secret}`, {}, 'GET'), config)).toEqual({ kind: 'allow' });
    expect(guard(facts('/?secret=old', {}, 'GET'), config)).toMatchObject({ kind: 'deny', status: 401 });
  });

  it('Host, Origin and Sec-Fetch-Site are checked before anything, for the shell too', () => {
    const ok = { authorization: `Bearer ${config.secret}` };
    expect(guard(facts('/', { host: 'evil.example:4000' }, 'GET'), config)).toMatchObject({ status: 403 });
    expect(guard(facts('/api/x', { ...ok, origin: 'http://127.0.0.1:4001' }), config)).toMatchObject({ status: 403 });
    expect(guard(facts('/api/x', { ...ok, 'sec-fetch-site': 'cross-site' }), config)).toMatchObject({ status: 403 });
    expect(guard(facts('/api/x', { ...ok, origin: 'http://127.0.0.1:4000', 'sec-fetch-site': 'same-origin' }), config)).toEqual({ kind: 'allow' });
  });

  it('a request target that is not a path is 400', () => {
    expect(guard(facts('http://127.0.0.1:4000/api/x'), config)).toMatchObject({ kind: 'deny', status: 400 });
    expect(guard(facts('*', {}, 'OPTIONS'), config)).toMatchObject({ kind: 'deny', status: 400 });
  });

  it('bearerToken reads only the Bearer scheme; needsSecret covers the data routes', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(['/api/x', '/exports/y'].map(needsSecret)).toEqual([true, true]);
    expect(['/', '/assets/app.js', '/index.html', '/apix'].map(needsSecret)).toEqual([false, false, false, false]);
  });
});
