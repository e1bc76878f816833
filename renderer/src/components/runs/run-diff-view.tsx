/**
 * The differences between two bill runs, per invoice: its figures before and
 * after, each line that moved (quantity and amount), and the causes in words
 * (rows added or removed, agreement version and fields, rule setting,
 * adjustment, reviewer correction, status). Used by the run history and by the invoice page.
 */
import type { InvoiceRunDiff, RunCause } from '../../../../shared/api';
import { hrefFor } from '../../hooks/use-hash-route';
import { groupDigits, humanize } from '../../lib/format';

type LineFigures = { quantity: string; amount: string } | null;

function Figure({ value }: { value: string | null }) {
  return value === null ? <span className="muted">—</span> : <span className="num">{groupDigits(value)}</span>;
}

function Quantity({ line }: { line: LineFigures }) {
  return line ? <span className="num">{groupDigits(line.quantity)}</span> : <span className="muted">—</span>;
}

const CAUSE_LABELS: Record<RunCause['kind'], string> = {
  rows_added: 'Rows added',
  rows_removed: 'Rows removed',
  agreement_version: 'Agreement',
  rule_setting: 'Rule setting',
  adjustment: 'Adjustment',
  status: 'Status',
  row_excluded: 'Correction',
  quantity_override: 'Correction',
};

export function CauseList({ causes }: { causes: RunCause[] }) {
  if (causes.length === 0) return <p className="muted run-causes-none">No input of the run changed for this invoice: the figures follow from the data already there.</p>;
  return (
    <ul className="run-causes" aria-label="Causes">
      {causes.map((cause, i) => (
        <li key={i} className={`run-cause run-cause-${cause.kind}`}>
          <span className="run-cause-kind">{CAUSE_LABELS[cause.kind]}</span>
          <span>{cause.text}</span>
        </li>
      ))}
    </ul>
  );
}

/** Lines side by side: a line that appeared or went shows a dash on the other side. */
export function LineComparison({ lines, before, after }: { lines: { code: string; before: LineFigures; after: LineFigures }[]; before: string; after: string }) {
  return (
    <div className="table-wrap">
      <table className="table run-lines">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col" className="right">
              Quantity {before}
            </th>
            <th scope="col" className="right">
              Quantity {after}
            </th>
            <th scope="col" className="right">
              Amount {before}
            </th>
            <th scope="col" className="right">
              Amount {after}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.code} className={l.before?.amount === l.after?.amount && l.before?.quantity === l.after?.quantity ? 'run-line-same' : 'run-line-changed'}>
              <th scope="row">{humanize(l.code)}</th>
              <td className="right">
                <Quantity line={l.before} />
              </td>
              <td className="right">
                <Quantity line={l.after} />
              </td>
              <td className="right">
                <Figure value={l.before?.amount ?? null} />
              </td>
              <td className="right">
                <Figure value={l.after?.amount ?? null} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InvoiceDiff({ diff, linkInvoice }: { diff: InvoiceRunDiff; linkInvoice: boolean }) {
  const currency = diff.after?.currency ?? diff.before?.currency ?? '';
  const version = diff.versions.before === diff.versions.after ? `v${diff.versions.after ?? '—'}` : `v${diff.versions.before ?? '—'} → v${diff.versions.after ?? '—'}`;
  const findings = diff.anomalies.before.join() !== diff.anomalies.after.join();
  return (
    <article className="run-invoice" data-testid="run-invoice" aria-label={`Changes to ${diff.invoice_id}`}>
      <header className="run-invoice-header">
        {linkInvoice ? (
          <a href={hrefFor({ name: 'invoice', invoiceId: diff.invoice_id, lineKey: null })} className="run-invoice-id">
            {diff.invoice_id}
          </a>
        ) : (
          <span className="run-invoice-id">{diff.invoice_id}</span>
        )}
        <span className="muted">
          {diff.agreement_id} {version}
        </span>
        <span className="run-invoice-total">
          <span className="ccy">{currency}</span> <Figure value={diff.before?.total ?? null} /> → <Figure value={diff.after?.total ?? null} />
          {diff.before && diff.after && diff.before.status !== diff.after.status ? (
            <span className="muted">
              {' '}
              ({diff.before.status} → {diff.after.status})
            </span>
          ) : null}
        </span>
      </header>
      {diff.lines.length ? <LineComparison lines={diff.lines} before="before" after="after" /> : null}
      {findings ? (
        <p className="run-findings">
          Findings: {diff.anomalies.before.map(humanize).join(', ') || 'none'} → {diff.anomalies.after.map(humanize).join(', ') || 'none'}
        </p>
      ) : null}
      <CauseList causes={diff.causes} />
    </article>
  );
}
