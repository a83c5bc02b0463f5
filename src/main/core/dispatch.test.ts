import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Handlers } from './dispatch.ts';
import { CoreError } from './errors.ts';

function handlers(overrides: Partial<Handlers>): Handlers {
  const unused = () => {
    throw new Error('not used in this test');
  };
  return { getAppInfo: unused, getHouseholdSummary: unused, loadDemo: unused, clearDemo: unused, ...overrides } as Handlers;
}

describe('createDispatcher', () => {
  it('passes the parsed input to the handler and wraps its value', async () => {
    const loadDemo = vi.fn(() => ({ present: true, accounts: 3 }));
    const dispatch = createDispatcher(handlers({ loadDemo }));
    expect(await dispatch('loadDemo', {})).toEqual({ ok: true, value: { present: true, accounts: 3 } });
    expect(loadDemo).toHaveBeenCalledWith({});
  });

  it('does not call the handler when validation fails', async () => {
    const loadDemo = vi.fn();
    const dispatch = createDispatcher(handlers({ loadDemo }));
    const result = await dispatch('loadDemo', { extra: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(loadDemo).not.toHaveBeenCalled();
  });

  it('turns a CoreError into its code and anything else into INTERNAL, without throwing', async () => {
    const onInternal = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        clearDemo: () => {
          throw new CoreError('CONFLICT', 'already cleared', { why: 'test' });
        },
        loadDemo: async () => {
          throw new TypeError('kaput');
        },
      }),
      onInternal,
    );
    expect(await dispatch('clearDemo', {})).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'already cleared', details: { why: 'test' } },
    });
    expect(await dispatch('loadDemo', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'kaput' } });
    expect(onInternal).toHaveBeenCalledTimes(1);
  });
});
