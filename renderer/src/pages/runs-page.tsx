/**
 * Bill runs of the period under review (change-control.md): every rating with
 * what triggered it, who, when, its invoices and totals; choosing a run shows
 * what changed since the run before it, per invoice and line, and why.
 */
import { useState } from 'react';
import type { BillRun, RunTrigger } from '../../../shared/api';
import { Loaded, MessageState, PageHeader } from '../components/page-states';
import { PeriodGate } from '../components/period-gate';
import { InvoiceDiff } from '../components/runs/run-diff-view';
import { useApi } from '../data/use-api';
import { formatWhen, groupDigits, periodLabel, plural } from '../lib/format';

export function RunsPage() {
  return <PeriodGate title="Bill runs">{(period) => <Runs period={period} />}</PeriodGate>;
}

const TRIGGERS: Record<RunTrigger, string> = {
  rate: 'Rated',
  import: 'Import',
  undo: 'Import undone',
  adjustment: 'Adjustment',
  rule: 'Rule change',
  correction: 'Reviewer correction',
  demo: 'Demo load',
};

function Runs({ period }: { period: string }) {
  const query = useApi('runs.list', { period });
  const [picked, setPicked] = useState<number | null>(null);
  return (
    <div className="page">
      <PageHeader title="Bill runs" subtitle={`${periodLabel(period)} · every rating of the period, and what changed between runs`} />
      <Loaded query={query}>
        {(runs) =>
          runs.length === 0 ? (
            <div className="card">
              <MessageState icon="clock" title="No bill runs recorded for this period" />
            </div>
          ) : (
            <>
              <RunHistory runs={runs} selected={picked ?? runs.at(-1)!.run_id} onSelect={setPicked} />
              <RunDiffCard period={period} runs={runs} to={picked ?? runs.at(-1)!.run_id} />
            </>
          )
        }
      </Loaded>
    </div>
  );
}

function RunHistory({ runs, selected, onSelect }: { runs: BillRun[]; selected: number; onSelect: (id: number) => void }) {
  return (
    <section className="card" aria-label="Run history">
      <div className="card-header">
        <h2 className="card-title">Run history</h2>
        <span className="card-subtitle">oldest first · choose a run to see what it changed</span>
      </div>
      <div className="table-wrap">
        <table className="table runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">When</th>
              <th scope="col">Trigger</th>
              <th scope="col">By</th>
              <th scope="col" className="right">
                Invoices
              </th>
              <th scope="col">Totals</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.run_id} aria-selected={r.run_id === selected} className={r.run_id === selected ? 'row-selected' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onSelect(r.run_id)} aria-pressed={r.run_id === selected}>
                    Run {r.run_id}
                  </button>
                </th>
                <td>{formatWhen(r.at)}</td>
                <td>
                  <span className={`chip run-trigger run-trigger-${r.trigger}`}>{TRIGGERS[r.trigger]}</span>
                </td>
                <td>{r.actor}</td>
                <td className="right num">{r.invoices}</td>
                <td>
                  {r.totals.map((t) => (
                    <span key={t.currency} className="num run-total">
                      <span className="ccy">{t.currency}</span> {groupDigits(t.amount)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A first run or a re-rate of a whole book changes every invoice: the page shows a readable number of them. */
const SHOWN = 200;

function RunDiffCard({ period, runs, to }: { period: string; runs: BillRun[]; to: number }) {
  const query = useApi('runs.diff', { period, to });
  const previous = runs.filter((r) => r.run_id < to).at(-1);
  return (
    <section className="card" aria-label="Run differences" data-testid="run-diff">
      <div className="card-header">
        <h2 className="card-title">{previous ? `Run ${previous.run_id} → run ${to}` : `Run ${to}`}</h2>
        <span className="card-subtitle">{previous ? 'per invoice and line, with the causes' : 'the first run of the period: every invoice is new'}</span>
      </div>
      <div className="card-body">
        <Loaded query={query}>
          {(diff) =>
            diff.invoices.length === 0 ? (
              <p className="muted">No invoice changed between these runs.</p>
            ) : (
              <>
                <p className="muted">
                  {plural(diff.invoices.length, 'invoice')} changed{diff.invoices.length > SHOWN ? `; the first ${SHOWN} are shown (\`billing diff\` lists them all)` : ''}.
                </p>
                <div className="run-invoices">
                  {diff.invoices.slice(0, SHOWN).map((inv) => (
                    <InvoiceDiff key={inv.invoice_id} diff={inv} linkInvoice />
                  ))}
                </div>
              </>
            )
          }
        </Loaded>
      </div>
    </section>
  );
}
