/** Queries to owners as engine commands: raise, answer, resolve (each one transaction, audited). */
import { answerQuery, raiseQuery, type QuerySubject } from '../receivables/owner-queries';
import { command } from './command';

export const raiseQueryCommand = command({
  run: (sqlite, args: { subject: QuerySubject; question: string }, ctx) => raiseQuery(sqlite, ctx.actor, args.subject, args.question),
});

export const answerQueryCommand = command({
  run: (sqlite, args: { queryId: number; note: string }, ctx) => answerQuery(sqlite, ctx.actor, args.queryId, args.note, false),
});

export const resolveQueryCommand = command({
  run: (sqlite, args: { queryId: number; note: string }, ctx) => answerQuery(sqlite, ctx.actor, args.queryId, args.note, true),
});
