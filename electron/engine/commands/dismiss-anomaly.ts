/** Dismissing one anomaly as expected (`anomalies.dismiss`) with a reason. */
import { dismissAnomaly } from '../anomalies/review';
import { command } from './command';

export const dismissAnomalyCommand = command({
  run: (sqlite, args: { anomalyId: string; reason: string }, ctx) => dismissAnomaly(sqlite, args.anomalyId, ctx.actor, args.reason),
});
