// Every domain error is a CoreError, and toKeelError gives each the code a door acts on.
import { describe, expect, it } from 'vitest';
import { ReferenceDataError } from './classify/reference.ts';
import { createDispatcher, type Handlers } from './dispatch.ts';
import { CoreError, isUnexpected, toKeelError } from './errors.ts';
import { ImportError, ValueError } from './import/errors.ts';
import { PlanVerificationError } from './rebalance/plan.ts';
import { PlanInputError } from './rebalance/types.ts';

describe('the error hierarchy', () => {
  it('keeps a CoreError its code and details; anything else is INTERNAL', () => {
    expect(toKeelError(new CoreError('NOT_FOUND', 'no plan 7', { id: 7 }))).toEqual({ code: 'NOT_FOUND', message: 'no plan 7', details: { id: 7 } });
    expect(toKeelError(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(toKeelError('text')).toEqual({ code: 'INTERNAL', message: 'text' });
  });

  it('gives every domain error its code', () => {
    const errors = [
      new PlanInputError('unknown account "Z"', 'options.reserves'),
      new PlanVerificationError(['cash below 0 in 1']),
      new ReferenceDataError('reference.json', [{ row: -1, symbol: null, field: '(file)', message: 'must be a JSON array of rows' }]),
      new ImportError({ file: 'a.csv', line: 3, column: 2, reason: 'BAD_NUMBER' }, 'not a number'),
      new ValueError('BAD_DATE', 'not a date'),
    ];
    for (const e of errors) expect(e).toBeInstanceOf(CoreError);
    expect(errors.map((e) => toKeelError(e).code)).toEqual(['VALIDATION', 'PLAN_INVALID', 'INTERNAL', 'VALIDATION', 'VALIDATION']);
    expect(toKeelError(errors[0])).toEqual({ code: 'VALIDATION', message: 'options.reserves: unknown account "Z"', details: { field: 'options.reserves' } });
    expect(errors.map(isUnexpected)).toEqual([false, true, true, false, false]);
  });

  it('answers a failed verification with PLAN_INVALID and still reports it as a bug', async () => {
    const reported: unknown[] = [];
    const handlers = {
      getAppInfo: () => {
        throw new PlanVerificationError(['D went up']);
      },
    } as unknown as Handlers;
    const result = await createDispatcher(handlers, (e) => reported.push(e))('getAppInfo', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'PLAN_INVALID', details: { problems: ['D went up'] } } });
    expect(reported).toHaveLength(1);
  });
});
