/**
 * Excluding a source row from billing and including it again
 * (`corrections.exclude`, `corrections.include`; `billing exclude` / `billing include`):
 * the correction, then a re-rate of its period when that is rated, in one
 * transaction, so the draft never shows the row's old effect.
 */
import type { RerateImpact } from '../../../shared/api';
import { excludeRow, includeRow, type RowCorrectionResult, type SourceKind } from '../controls/corrections';
import { isRated } from '../controls/rated';
import { command } from './command';
import { rerate } from './rerate-affected';

export interface RowCorrectionCommandResult extends RowCorrectionResult {
  rerated: RerateImpact[];
}

interface RowArgs {
  sourceKind: SourceKind;
  sourceId: number;
  reason: string;
}

export const excludeRowCommand = command({
  run: (sqlite, args: RowArgs, ctx): RowCorrectionCommandResult => {
    const result = excludeRow(sqlite, args.sourceKind, args.sourceId, args.reason, ctx.actor);
    return { ...result, rerated: isRated(sqlite, result.period) ? rerate(sqlite, [result.period], ctx, 'correction') : [] };
  },
});

export const includeRowCommand = command({
  run: (sqlite, args: RowArgs, ctx): RowCorrectionCommandResult => {
    const result = includeRow(sqlite, args.sourceKind, args.sourceId, args.reason, ctx.actor);
    return { ...result, rerated: isRated(sqlite, result.period) ? rerate(sqlite, [result.period], ctx, 'correction') : [] };
  },
});
