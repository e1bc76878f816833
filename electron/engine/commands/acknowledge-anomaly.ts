/** Acknowledging one anomaly (`anomalies.acknowledge`) with a note. */
import { acknowledgeAnomaly } from '../anomalies/review';
import { command } from './command';

export const acknowledgeAnomalyCommand = command({
  run: (sqlite, args: { anomalyId: string; note: string }, ctx) => acknowledgeAnomaly(sqlite, args.anomalyId, ctx.actor, args.note),
});
