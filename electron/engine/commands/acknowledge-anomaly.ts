/** Acknowledging one anomaly (`anomalies.acknowledge`) with a note; a change to its invoice for four eyes. */
import { acknowledgeAnomaly } from '../anomalies/review';
import { recordInvoiceChange } from '../controls/four-eyes';
import { command } from './command';

export const acknowledgeAnomalyCommand = command({
  run: (sqlite, args: { anomalyId: string; note: string }, ctx) => {
    const anomaly = acknowledgeAnomaly(sqlite, args.anomalyId, ctx.actor, args.note);
    if (anomaly.invoice_id !== null) recordInvoiceChange(sqlite, [anomaly.invoice_id], ctx.actor, `acknowledged its ${anomaly.rule} anomaly`);
    return anomaly;
  },
});
