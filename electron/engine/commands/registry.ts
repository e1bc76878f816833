/**
 * Every engine command by name. The names are the API methods that change data
 * (shared/api.ts); the CLI's writing commands run the same entries.
 */
import { acknowledgeAnomaliesCommand } from './acknowledge-anomalies';
import { acknowledgeAnomalyCommand } from './acknowledge-anomaly';
import { addAdjustmentCommand } from './add-adjustment';
import { approveInvoicesCommand } from './approve-invoices';
import { changeBrandingCommand } from './change-branding';
import { closePeriodCommand } from './close-period';
import { excludeRowCommand, includeRowCommand } from './correct-rows';
import { createCreditNoteCommand } from './create-credit-note';
import { discardCreditNoteCommand } from './discard-credit-note';
import { dismissAnomalyCommand } from './dismiss-anomaly';
import { exportPeriodCommand } from './export-period';
import { holdInvoicesCommand } from './hold-invoices';
import { importFilesCommand } from './import-files';
import { loadDemoCommand } from './load-demo';
import { overrideQuantityCommand, removeQuantityOverrideCommand } from './override-quantity';
import { answerQueryCommand, raiseQueryCommand, resolveQueryCommand } from './owner-queries';
import { ratePeriodCommand } from './rate-period';
import { removeAdjustmentCommand } from './remove-adjustment';
import { removeImportCommand } from './remove-import';
import { reopenAnomalyCommand } from './reopen-anomaly';
import { reopenPeriodCommand } from './reopen-period';
import { setFourEyesCommand } from './set-four-eyes';
import { setReviewerCommand } from './set-reviewer';
import { updateLedgerAccountsCommand } from './update-ledger-accounts';
import { updateRuleCommand } from './update-rule';

export const commands = {
  'demo.load': loadDemoCommand,
  'import.files': importFilesCommand,
  'import.undo': removeImportCommand,
  'period.rate': ratePeriodCommand,
  'invoices.approve': approveInvoicesCommand,
  'invoices.hold': holdInvoicesCommand,
  'adjustments.add': addAdjustmentCommand,
  'adjustments.remove': removeAdjustmentCommand,
  'anomalies.acknowledge': acknowledgeAnomalyCommand,
  'anomalies.dismiss': dismissAnomalyCommand,
  'anomalies.reopen': reopenAnomalyCommand,
  'anomalies.acknowledgeMany': acknowledgeAnomaliesCommand,
  'rules.update': updateRuleCommand,
  'settings.setReviewer': setReviewerCommand,
  'settings.updateBranding': changeBrandingCommand,
  'settings.updateLedgerAccounts': updateLedgerAccountsCommand,
  'creditNotes.create': createCreditNoteCommand,
  'creditNotes.discard': discardCreditNoteCommand,
  'export.period': exportPeriodCommand,
  'period.close': closePeriodCommand,
  'period.reopen': reopenPeriodCommand,
  'settings.setFourEyes': setFourEyesCommand,
  'corrections.exclude': excludeRowCommand,
  'corrections.include': includeRowCommand,
  'corrections.overrideQuantity': overrideQuantityCommand,
  'corrections.removeOverride': removeQuantityOverrideCommand,
  'queries.raise': raiseQueryCommand,
  'queries.answer': answerQueryCommand,
  'queries.resolve': resolveQueryCommand,
} as const;

export type CommandName = keyof typeof commands;
type Definition<N extends CommandName> = (typeof commands)[N];
export type CommandArgs<N extends CommandName> = Parameters<Definition<N>['run']>[1];
/** What the command gives back: what afterCommit made of its run's result (a command without afterCommit has Result = its run's result). */
export type CommandResult<N extends CommandName> = Awaited<ReturnType<NonNullable<Definition<N>['afterCommit']>>>;
/** One call: a command name and its arguments, as the hosts send it to the worker. */
export type CommandRequest = { [N in CommandName]: { name: N; args: CommandArgs<N> } }[CommandName];
export type RequestOf<N extends CommandName> = { name: N; args: CommandArgs<N> };

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
