// Criterion 2: the renderer gets exactly one function per contract operation, each on its own channel.
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn((channel: string, input: unknown) => Promise.resolve({ ok: true, value: { channel, input } })),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn((key: string, value: unknown) => electron.exposed.set(key, value)) },
  ipcRenderer: { invoke: electron.invoke, send: vi.fn(), on: vi.fn(), sendSync: vi.fn() },
}));

import { LOCAL_OPERATIONS, REMOTE_OPERATION_NAMES as OPERATION_NAMES } from '../../src/shared/contract.ts';

describe('preload', () => {
  it('exposes only window.keel, with exactly the contract operations but the local ones, each invoking keel:<name>', async () => {
    await import('../../src/preload/index.ts');
    expect([...electron.exposed.keys()]).toEqual(['keel']);
    const api = electron.exposed.get('keel') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...OPERATION_NAMES].sort());
    for (const local of LOCAL_OPERATIONS) expect(api[local], local).toBeUndefined();
    expect(OPERATION_NAMES.length).toBeGreaterThan(0);

    for (const name of OPERATION_NAMES) {
      const fn = api[name];
      expect(typeof fn).toBe('function');
      electron.invoke.mockClear();
      const input = { probe: name };
      const answer = await (fn as (input: unknown) => Promise<unknown>)(input);
      expect(electron.invoke).toHaveBeenCalledTimes(1);
      expect(electron.invoke).toHaveBeenCalledWith(`keel:${name}`, input);
      expect(answer).toEqual({ ok: true, value: { channel: `keel:${name}`, input } });
    }
    // Called without input it sends {} — the same as the web door's client — rather than undefined.
    electron.invoke.mockClear();
    await (api[OPERATION_NAMES[0]!] as (input?: unknown) => Promise<unknown>)();
    expect(electron.invoke).toHaveBeenCalledWith(`keel:${OPERATION_NAMES[0]}`, {});

    // No raw transport leaks through: every value is one of the operation functions above.
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.values(api)).not.toContain(electron.invoke);
  });
});
