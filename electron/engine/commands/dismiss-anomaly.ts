/** Dismissing one anomaly as expected (`anomalies.dismiss`) with a reason; a change to its invoice for four eyes. */
import { dismissAnomaly } from '../anomalies/review';
import { recordInvoiceChange } from '../controls/four-eyes';
import { command } from './command';

export const dismissAnomalyCommand = command({
  run: (sqlite, args: { anomalyId: string; reason: string }, ctx) => {
    const anomaly = dismissAnomaly(sqlite, args.anomalyId, ctx.actor, args.reason);
    if (anomaly.invoice_id !== null) recordInvoiceChange(sqlite, [anomaly.invoice_id], ctx.actor, `dismissed its ${anomaly.rule} anomaly`);
    return anomaly;
  },
});
