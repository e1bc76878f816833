/** The handlers of change control's locks and corrections (shared/api/controls.ts), composed into createHandlers. */
import type { MethodName, ParsedArgsOf, ResultOf } from '../../../shared/api';
import type { Sqlite } from '../../../db/open';
import type { CommandName, CommandResult, RequestOf } from '../commands/registry';
import { listCorrections } from '../controls/corrections';
import { fourEyesRequired } from '../controls/four-eyes';
import { periodLock } from '../controls/period-locks';

type ControlMethod =
  | 'period.lock'
  | 'period.close'
  | 'period.reopen'
  | 'settings.fourEyes'
  | 'settings.setFourEyes'
  | 'corrections.list'
  | 'corrections.exclude'
  | 'corrections.include'
  | 'corrections.overrideQuantity'
  | 'corrections.removeOverride';

type Run = <N extends CommandName>(name: N, args: RequestOf<N>['args'], jobId?: string) => Promise<CommandResult<N>>;
type ControlHandlers = { [M in ControlMethod & MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };

export function controlHandlers(sqlite: Sqlite, run: Run): ControlHandlers {
  return {
    'period.lock': ({ period }) => periodLock(sqlite, period) ?? null,
    'period.close': ({ job_id, period, reason }) => run('period.close', { period, reason }, job_id),
    'period.reopen': ({ job_id, period, reason }) => run('period.reopen', { period, reason }, job_id),
    'settings.fourEyes': () => ({ four_eyes: fourEyesRequired(sqlite) }),
    'settings.setFourEyes': ({ job_id, required }) => run('settings.setFourEyes', { required }, job_id),
    'corrections.list': ({ period }) => listCorrections(sqlite, period),
    'corrections.exclude': ({ job_id, source_kind, source_id, reason }) => run('corrections.exclude', { sourceKind: source_kind, sourceId: source_id, reason }, job_id),
    'corrections.include': ({ job_id, source_kind, source_id, reason }) => run('corrections.include', { sourceKind: source_kind, sourceId: source_id, reason }, job_id),
    'corrections.overrideQuantity': ({ job_id, invoice_id, code, quantity, reason }) => run('corrections.overrideQuantity', { invoiceId: invoice_id, code, quantity, reason }, job_id),
    'corrections.removeOverride': ({ job_id, invoice_id, code, reason }) => run('corrections.removeOverride', { invoiceId: invoice_id, code, reason }, job_id),
  };
}
