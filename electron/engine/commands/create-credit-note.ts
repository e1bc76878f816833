/** A draft credit note for a finalized invoice (`creditNotes.create`, `billing credit-note`). */
import { createCreditNote, type CreateCreditNoteRequest } from '../credit-notes/credit-note';
import { storedTotal } from '../review/adjustments';
import { command } from './command';

export const createCreditNoteCommand = command({
  run: (sqlite, args: Omit<CreateCreditNoteRequest, 'actor'>, ctx) => {
    const created = createCreditNote(sqlite, { ...args, actor: ctx.actor });
    return { ...created, total: storedTotal(sqlite, created.credit_note_id) };
  },
});
