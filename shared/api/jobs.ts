/** Long-running jobs: the progress events they send, and cancelling one by its job id. */
import { z } from 'zod';
import { method } from './common';

export const progressEvent = z.object({
  job_id: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
});
export type ProgressEvent = z.infer<typeof progressEvent>;

export const jobMethods = {
  'jobs.cancel': method(z.object({ job_id: z.string().min(1).max(64) }), z.object({ cancelled: z.boolean() }), 'cancel a running job'),
} as const;
