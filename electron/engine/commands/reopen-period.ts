/** Reopening a closed billing period with a reason (`period.reopen`, `billing period reopen`): audited. */
import { reopenPeriod } from '../controls/period-locks';
import { command } from './command';

export const reopenPeriodCommand = command({
  run: (sqlite, args: { period: string; reason: string }, ctx) => reopenPeriod(sqlite, args.period, args.reason, ctx.actor),
});
