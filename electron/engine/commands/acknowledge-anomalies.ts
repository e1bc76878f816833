/** Acknowledging many anomalies at once (`anomalies.acknowledgeMany`); those no longer open are skipped. */
import { acknowledgeMany } from '../review/anomaly-explorer';
import { command } from './command';

export const acknowledgeAnomaliesCommand = command({
  run: (sqlite, args: { anomalyIds: string[]; note: string }, ctx) => acknowledgeMany(sqlite, args.anomalyIds, args.note, ctx.actor),
});
