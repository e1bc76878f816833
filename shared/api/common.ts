/**
 * Pieces every domain's schemas share: the argument shapes (period, job id,
 * file reference), money as exact decimal text, and `method()`, which pairs a
 * method's argument and result schemas with the sentence describing it.
 */
import { z } from 'zod';

export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'expected a period YYYY-MM' });

/**
 * Long-running methods (import, rating, demo) accept an optional `job_id`
 * chosen by the caller: progress events carry it, and `jobs.cancel` takes it.
 */
export const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional();

/** Money crosses the contract as exact decimal text, never as a float. */
export const money = z.string();

/** A file the host has vouched for: a native dialog pick, a drop, or a preview upload. */
export const fileRef = z.object({ token: z.string().min(1).max(200), name: z.string().min(1).max(500) });

/** An amount per currency (money of different currencies is never added). */
export const perCurrency = z.array(z.object({ currency: z.string(), amount: money }));
export type PerCurrency = z.infer<typeof perCurrency>;

/** A CSV download: the file name, its text, and row counts. */
export const csvFile = z.object({ file_name: z.string(), csv: z.string(), rows: z.number().int(), total: z.number().int() });

/** One method of the contract: its argument and result schemas and the sentence that describes it. */
export function method<A extends z.ZodType, R extends z.ZodType>(args: A, result: R, description: string) {
  return { args, result, description };
}
