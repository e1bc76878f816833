/** Setting (or clearing) the reviewer name the audit trail records (`settings.setReviewer`). */
import { setReviewerName } from '../settings/reviewer';
import { command } from './command';

export const setReviewerCommand = command({
  run: (sqlite, args: { name: string | null }, ctx) => setReviewerName(sqlite, args.name, ctx.actor),
});
