// Criterion 5: one IPC handler per contract operation, and a frame that is not Keel's own never reaches the core.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ handlers: new Map<string, (event: unknown, payload: unknown) => unknown>() }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => unknown) => {
      if (electron.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      electron.handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => electron.handlers.delete(channel)),
  },
}));

import { LOCAL_OPERATIONS, OPERATION_NAMES, REMOTE_OPERATION_NAMES, type Result } from '../../src/shared/contract.ts';
import { createIpcHandler, registerIpcHandlers } from '../../src/main/electron/ipc.ts';

const frame = (url: string) => ({ senderFrame: { url } });
const coreAnswer = (op: string, payload: unknown): Result<unknown> => ({ ok: true, value: { op, payload } });

describe('IPC handlers', () => {
  const dispatch = vi.fn(async (op: string, payload: unknown) => coreAnswer(op, payload));
  let unregister: () => void;

  beforeEach(() => {
    electron.handlers.clear();
    dispatch.mockClear();
    unregister = registerIpcHandlers(dispatch);
  });

  it('registers exactly one keel:<name> channel per contract operation but the local ones', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(REMOTE_OPERATION_NAMES.map((n) => `keel:${n}`).sort());
    expect(REMOTE_OPERATION_NAMES.length).toBe(OPERATION_NAMES.length - LOCAL_OPERATIONS.size);
  });

  it('the renderer cannot call a local operation (paths on this machine): no channel, and a handler answers UNKNOWN_OPERATION', async () => {
    expect(LOCAL_OPERATIONS.size).toBeGreaterThan(0);
    for (const name of LOCAL_OPERATIONS) {
      expect(electron.handlers.has(`keel:${name}`), name).toBe(false);
      const handler = createIpcHandler(name, dispatch) as unknown as (event: unknown, payload: unknown) => Promise<Result<unknown>>;
      const answer = await handler(frame('app://keel/index.html'), { file: '/etc/passwd' });
      expect(answer).toEqual({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation: ${name}` } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('removes every channel again on unregister', () => {
    unregister();
    expect(electron.handlers.size).toBe(0);
  });

  const foreign = [
    'https://evil.example/',
    'http://localhost:5173/',
    'file:///work/main/out/renderer/index.html',
    'app://evil/index.html',
    'app://keel.evil.example/index.html',
    'app://user@keel/index.html',
    'about:blank',
    '',
  ];

  for (const name of REMOTE_OPERATION_NAMES) {
    it(`${name}: refuses foreign frames with FORBIDDEN without calling the core`, async () => {
      const handler = electron.handlers.get(`keel:${name}`)!;
      for (const url of foreign) {
        const answer = (await handler(frame(url), {})) as Result<unknown>;
        expect(answer.ok, url).toBe(false);
        expect(!answer.ok && answer.error.code, url).toBe('FORBIDDEN');
      }
      // A destroyed/navigated-away frame arrives as null.
      const gone = (await handler({ senderFrame: null }, {})) as Result<unknown>;
      expect(!gone.ok && gone.error.code).toBe('FORBIDDEN');
      expect(dispatch).not.toHaveBeenCalled();
    });

    it(`${name}: forwards Keel's own frame to the core and returns its answer`, async () => {
      const handler = electron.handlers.get(`keel:${name}`)!;
      const payload = { any: 'thing' };
      const answer = await handler(frame('app://keel/index.html#/import'), payload);
      expect(dispatch).toHaveBeenCalledExactlyOnceWith(name, payload);
      expect(answer).toEqual(coreAnswer(name, payload));
    });
  }

  it('turns a throwing core into an INTERNAL result instead of a rejected invoke', async () => {
    dispatch.mockImplementationOnce(async () => {
      throw new Error('The database connection is not open');
    });
    const handler = electron.handlers.get(`keel:${OPERATION_NAMES[0]}`)!;
    const answer = (await handler(frame('app://keel/index.html'), {})) as Result<unknown>;
    expect(answer).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'The database connection is not open' } });
  });

  it('trusts the dev server only when one is configured', async () => {
    unregister();
    registerIpcHandlers(dispatch, { devUrl: 'http://localhost:5173' });
    const handler = electron.handlers.get(`keel:${OPERATION_NAMES[0]}`)!;
    expect(await handler(frame('http://localhost:5173/'), {})).toEqual(coreAnswer(OPERATION_NAMES[0]!, {}));
    const other = (await handler(frame('http://localhost:5174/'), {})) as Result<unknown>;
    expect(!other.ok && other.error.code).toBe('FORBIDDEN');
    expect(dispatch).toHaveBeenCalledTimes(1);
  });
});
