/** Reopening an acknowledged or dismissed anomaly (`anomalies.reopen`). */
import { reopenAnomaly } from '../anomalies/review';
import { command } from './command';

export const reopenAnomalyCommand = command({
  run: (sqlite, args: { anomalyId: string; note?: string }, ctx) => reopenAnomaly(sqlite, args.anomalyId, ctx.actor, args.note),
});
