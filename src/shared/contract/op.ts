// What every slice of the contract shares: the `op` declaration and the small input schemas several use.
import { z } from 'zod';
import { PERCENT_PATTERN } from '../types/allocation.ts';

/** Declares an operation: `op<Output>()(inputSchema)`. The output type is compile-time only. */
export const op =
  <O>() =>
  <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });

export const noInput = z.strictObject({});
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const percent = z.string().regex(PERCENT_PATTERN, 'expected a percentage like 30 or 12.5');
/** An upload's or a job's id. */
export const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected an id');
/** A record's id in the database. */
export const rowId = z.number().int().positive();
