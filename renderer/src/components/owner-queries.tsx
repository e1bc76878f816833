/**
 * Queries to sales owners: the "Ask the owner" button (from a dispute, an
 * agreement problem or an anomaly) and the Owners page's list per owner with
 * each query's age, answered and resolved with a note. Every step is an
 * audited engine command.
 */
import { useState } from 'react';
import type { OwnerQuery } from '../../../shared/api';
import { useApi, useApiMutation } from '../data/use-api';
import { formatCount, plural } from '../lib/format';
import { useToast } from '../state/toasts';
import { Icon } from './icon';
import { Loaded } from './page-states';
import { ReasonDrawer } from './reason-drawer';

export function AskOwnerButton({ kind, id, label }: { kind: OwnerQuery['subject_kind']; id: string; label: string }) {
  const raise = useApiMutation('queries.raise');
  const toast = useToast();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => setOpen(true)} data-testid={`ask-owner-${id}`}>
        <Icon name="send" size={12} /> Ask the owner
      </button>
      {open ? (
        <ReasonDrawer
          title="Ask the owner"
          subtitle={label}
          label="Question to the agreement's owner (recorded in the audit trail)"
          confirm="Raise query"
          testId="raise-query"
          onClose={() => setOpen(false)}
          onConfirm={async (question) => {
            try {
              const q = await raise.mutateAsync({ kind, id, question });
              toast.success(`Query ${q.query_id} raised to ${q.owner ?? '(no owner)'}.`, 'Query raised');
              setOpen(false);
              return null;
            } catch (error) {
              return error instanceof Error ? error.message : String(error);
            }
          }}
        />
      ) : null}
    </>
  );
}

function QueryRow({ q, onAct }: { q: OwnerQuery; onAct: (q: OwnerQuery, action: 'answer' | 'resolve') => void }) {
  return (
    <tr>
      <td className="num">{q.query_id}</td>
      <th scope="row">{q.owner ?? '(no owner)'}</th>
      <td>
        <div>{q.question}</div>
        <div className="muted">
          {q.subject_kind} {q.subject_id} · agreement {q.agreement_id}
          {q.answer ? ` · answer: ${q.answer}` : ''}
          {q.resolution ? ` · resolved: ${q.resolution}` : ''}
        </div>
      </td>
      <td>
        <span className={`badge ${q.status === 'open' ? 'badge-warning' : q.status === 'answered' ? 'badge-info' : 'badge-none'}`}>{q.status}</span>
      </td>
      <td className="right num">{plural(q.age_days, 'day')}</td>
      <td className="right nowrap">
        {q.status === 'open' ? (
          <button type="button" className="btn btn-sm" onClick={() => onAct(q, 'answer')} data-testid={`answer-query-${q.query_id}`}>
            Answer
          </button>
        ) : null}
        {q.status !== 'resolved' ? (
          <button type="button" className="btn btn-sm" onClick={() => onAct(q, 'resolve')} data-testid={`resolve-query-${q.query_id}`}>
            Resolve
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function OwnerQueries() {
  const query = useApi('queries.list', {});
  const answer = useApiMutation('queries.answer');
  const resolve = useApiMutation('queries.resolve');
  const toast = useToast();
  const [acting, setActing] = useState<{ q: OwnerQuery; action: 'answer' | 'resolve' } | null>(null);
  return (
    <section className="card" aria-label="Queries to owners" data-testid="owner-queries">
      <div className="card-header">
        <h2 className="card-title">Queries to owners</h2>
        <span className="card-subtitle">{query.data ? `${formatCount(query.data.filter((q) => q.status !== 'resolved').length)} open` : ''}</span>
      </div>
      <Loaded query={query}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="muted receivables-note">No queries yet: raise one from a dispute on the Receivables page.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="owner-queries-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Question</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="right">
                      Age
                    </th>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((q) => (
                    <QueryRow key={q.query_id} q={q} onAct={(target, action) => setActing({ q: target, action })} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {acting ? (
        <ReasonDrawer
          title={acting.action === 'answer' ? `Answer query ${acting.q.query_id}` : `Resolve query ${acting.q.query_id}`}
          subtitle={acting.q.question}
          label={acting.action === 'answer' ? "The owner's answer (recorded in the audit trail)" : 'How it was resolved (recorded in the audit trail)'}
          confirm={acting.action === 'answer' ? 'Record answer' : 'Resolve'}
          testId="query-note"
          onClose={() => setActing(null)}
          onConfirm={async (note) => {
            try {
              await (acting.action === 'answer' ? answer : resolve).mutateAsync({ query_id: acting.q.query_id, note });
              toast.success(`Query ${acting.q.query_id} ${acting.action === 'answer' ? 'answered' : 'resolved'}.`, 'Query');
              setActing(null);
              return null;
            } catch (error) {
              return error instanceof Error ? error.message : String(error);
            }
          }}
        />
      ) : null}
    </section>
  );
}
