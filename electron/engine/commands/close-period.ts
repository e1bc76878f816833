/** Closing a billing period with a reason (`period.close`, `billing period close`): audited; see controls/period-locks.ts. */
import { closePeriod } from '../controls/period-locks';
import { command } from './command';

export const closePeriodCommand = command({
  run: (sqlite, args: { period: string; reason: string }, ctx) => closePeriod(sqlite, args.period, args.reason, ctx.actor),
});
