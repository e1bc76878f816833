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
    'period.close': ({ jobId, period, reason }) => run('period.close', { period, reason }, jobId),
    'period.reopen': ({ jobId, period, reason }) => run('period.reopen', { period, reason }, jobId),
    'settings.fourEyes': () => ({ four_eyes: fourEyesRequired(sqlite) }),
    'settings.setFourEyes': ({ jobId, required }) => run('settings.setFourEyes', { required }, jobId),
    'corrections.list': ({ period }) => listCorrections(sqlite, period),
    'corrections.exclude': ({ jobId, sourceKind, sourceId, reason }) => run('corrections.exclude', { sourceKind, sourceId, reason }, jobId),
    'corrections.include': ({ jobId, sourceKind, sourceId, reason }) => run('corrections.include', { sourceKind, sourceId, reason }, jobId),
    'corrections.overrideQuantity': ({ jobId, invoiceId, code, quantity, reason }) => run('corrections.overrideQuantity', { invoiceId, code, quantity, reason }, jobId),
    'corrections.removeOverride': ({ jobId, invoiceId, code, reason }) => run('corrections.removeOverride', { invoiceId, code, reason }, jobId),
  };
}
