/** Discarding a draft credit note (`creditNotes.discard`, `billing credit-note discard`). */
import { discardCreditNote } from '../credit-notes/credit-note';
import { command } from './command';

export const discardCreditNoteCommand = command({
  run: (sqlite, args: { creditNoteId: string; reason: string }, ctx) => discardCreditNote(sqlite, args.creditNoteId, ctx.actor, args.reason),
});
