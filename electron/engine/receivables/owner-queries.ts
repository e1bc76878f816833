/**
 * Queries to sales owners: finance "throws up queries to salespeople" when an
 * order looks wrong. A query is raised from an anomaly, an agreement (its
 * problem) or a dispute, goes to the owner of the agreement behind it, and is
 * answered and resolved with a note; each step is audited. Listed per owner
 * with its age; packed per owner as a CSV and one .eml draft per open query
 * (the app stays offline: a mail client sends them).
 */
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import { ConflictError, NotFoundError } from '../errors';
import { toCsv } from '../import/csv-safe';
import { daysBetween } from './minor-units';

export type QuerySubject = { kind: 'anomaly' | 'agreement' | 'dispute'; id: string };

export interface OwnerQuery {
  query_id: number;
  subject_kind: QuerySubject['kind'];
  subject_id: string;
  agreement_id: string;
  account_id: string | null;
  owner: string | null;
  question: string;
  status: 'open' | 'answered' | 'resolved';
  raised_by: string;
  raised_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  /** days since it was raised (as of the day asked), while it is not resolved; else days it took */
  age_days: number;
}

function agreementOf(sqlite: Sqlite, subject: QuerySubject): string {
  const id = subject.id.trim();
  const found =
    subject.kind === 'agreement'
      ? (sqlite.prepare('SELECT id FROM agreements WHERE id = ?').pluck().get(id) as string | undefined)
      : subject.kind === 'anomaly'
        ? (sqlite.prepare('SELECT agreement_id FROM anomalies WHERE id = ?').pluck().get(id) as string | null | undefined)
        : (sqlite.prepare('SELECT i.agreement_id FROM disputes d JOIN invoices i ON i.invoice_number = d.invoice_number WHERE d.dispute_id = ?').pluck().get(id) as string | undefined);
  if (found === undefined) throw new NotFoundError(`There is no ${subject.kind} ${id}.`);
  if (found === null) throw new ConflictError(`Anomaly ${id} concerns no agreement, so it has no owner to ask.`);
  return found;
}

const today = () => new Date().toISOString();

export function raiseQuery(sqlite: Sqlite, actor: string, subject: QuerySubject, question: string): OwnerQuery {
  const text = question.trim();
  if (text.length < 3) throw new ConflictError('A query needs a question of at least 3 characters.');
  const agreementId = agreementOf(sqlite, subject);
  const owner = sqlite.prepare("SELECT nullif(trim(owner), '') FROM agreements WHERE id = ?").pluck().get(agreementId) as string | null;
  const id = Number(
    sqlite
      .prepare('INSERT INTO owner_queries (subject_kind, subject_id, agreement_id, owner, question, raised_by, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(subject.kind, subject.id.trim(), agreementId, owner, text, actor, today()).lastInsertRowid,
  );
  appendAudit(sqlite, { actor, action: 'query.raise', entityType: 'owner_query', entityId: String(id), details: { subject, agreement_id: agreementId, owner, question: text } });
  return getQuery(sqlite, id);
}

export function answerQuery(sqlite: Sqlite, actor: string, queryId: number, note: string, resolve: boolean): OwnerQuery {
  const text = note.trim();
  if (text.length < 3) throw new ConflictError(`${resolve ? 'Resolving' : 'Answering'} a query needs a note of at least 3 characters.`);
  const before = getQuery(sqlite, queryId);
  if (before.status === 'resolved') throw new ConflictError(`Query ${queryId} is already resolved.`);
  if (resolve) sqlite.prepare("UPDATE owner_queries SET status = 'resolved', resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?").run(text, actor, today(), queryId);
  else sqlite.prepare("UPDATE owner_queries SET status = 'answered', answer = ?, answered_by = ?, answered_at = ? WHERE id = ?").run(text, actor, today(), queryId);
  appendAudit(sqlite, { actor, action: resolve ? 'query.resolve' : 'query.answer', entityType: 'owner_query', entityId: String(queryId), reason: text, details: { owner: before.owner, status: { old: before.status, new: resolve ? 'resolved' : 'answered' } } });
  return getQuery(sqlite, queryId);
}

const SELECT = `SELECT q.id AS query_id, q.subject_kind, q.subject_id, q.agreement_id, a.account_id, q.owner, q.question, q.status, q.raised_by, q.raised_at,
  q.answer, q.answered_by, q.answered_at, q.resolution, q.resolved_by, q.resolved_at
  FROM owner_queries q LEFT JOIN agreements a ON a.id = q.agreement_id`;

function withAge(q: Omit<OwnerQuery, 'age_days'>, asOf: string): OwnerQuery {
  const end = q.resolved_at ? q.resolved_at.slice(0, 10) : asOf;
  return { ...q, age_days: Math.max(0, daysBetween(q.raised_at.slice(0, 10), end)) };
}

export function getQuery(sqlite: Sqlite, queryId: number, asOf = today().slice(0, 10)): OwnerQuery {
  const row = sqlite.prepare(`${SELECT} WHERE q.id = ?`).get(queryId) as Omit<OwnerQuery, 'age_days'> | undefined;
  if (!row) throw new NotFoundError(`There is no query ${queryId}.`);
  return withAge(row, asOf);
}

/** Queries by owner ("" or null: the "no owner" ones), oldest first; open ones only when asked. */
export function listQueries(sqlite: Sqlite, options: { owner?: string | null; openOnly?: boolean; asOf?: string } = {}): OwnerQuery[] {
  const rows = sqlite.prepare(`${SELECT} ORDER BY coalesce(q.owner, char(0x10FFFF)), q.raised_at, q.id`).all() as Omit<OwnerQuery, 'age_days'>[];
  const asOf = options.asOf ?? today().slice(0, 10);
  return rows
    .filter((q) => options.owner === undefined || (q.owner ?? '') === (options.owner ?? ''))
    .filter((q) => !options.openOnly || q.status !== 'resolved')
    .map((q) => withAge(q, asOf));
}

/** Per owner: queries not resolved, and the median days from raising to the answer (null: none answered). */
export function queryFigures(sqlite: Sqlite): Map<string | null, { open: number; median_days_to_answer: string | null }> {
  const figures = new Map<string | null, { open: number; days: number[] }>();
  for (const q of listQueries(sqlite)) {
    let f = figures.get(q.owner);
    if (!f) figures.set(q.owner, (f = { open: 0, days: [] }));
    if (q.status !== 'resolved') f.open++;
    const answered = q.answered_at ?? q.resolved_at;
    if (answered) f.days.push(Math.max(0, daysBetween(q.raised_at.slice(0, 10), answered.slice(0, 10))));
  }
  return new Map(
    [...figures].map(([owner, f]) => {
      const d = f.days.sort((a, b) => a - b);
      const mid = d.length >> 1;
      const median = d.length === 0 ? null : d.length % 2 ? `${d[mid]}.0` : `${Math.floor((d[mid - 1]! + d[mid]!) / 2)}.${(d[mid - 1]! + d[mid]!) % 2 ? 5 : 0}`;
      return [owner, { open: f.open, median_days_to_answer: median }];
    }),
  );
}

export function queriesCsv(queries: readonly OwnerQuery[]): string {
  return toCsv([
    ['query_id', 'owner', 'status', 'age_days', 'subject_kind', 'subject_id', 'agreement_id', 'account_id', 'question', 'raised_by', 'raised_at', 'answer', 'resolution'],
    ...queries.map((q) => [q.query_id, q.owner ?? '(no owner)', q.status, q.age_days, q.subject_kind, q.subject_id, q.agreement_id, q.account_id, q.question, q.raised_by, q.raised_at, q.answer, q.resolution]),
  ]);
}

/** One RFC 5322 draft (X-Unsent: 1, so mail clients open it as a message to send); no address is known, the owner is named in To. */
export function queryEml(q: OwnerQuery, from: string): string {
  const header = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`);
  const body = [
    `Hello ${q.owner ?? ''},`.replace(/ ,$/, ','),
    '',
    `Finance has a question about agreement ${q.agreement_id}${q.account_id ? ` (account ${q.account_id})` : ''}, raised from ${q.subject_kind} ${q.subject_id} on ${q.raised_at.slice(0, 10)}:`,
    '',
    q.question,
    '',
    `Please reply quoting query ${q.query_id}.`,
  ].join('\r\n');
  return [
    'X-Unsent: 1',
    `From: ${header(from)}`,
    `To: ${header(q.owner ?? 'no owner')}`,
    `Subject: ${header(`Query ${q.query_id}: agreement ${q.agreement_id}`)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n'),
    '',
  ].join('\r\n');
}
