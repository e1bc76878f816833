/**
 * Per-file accounting of an import: what was read, imported, skipped as
 * duplicate, rejected, and one more column the caller chooses (the time taken
 * on the Import page, whether the counts balance on the Reconciliation page).
 */
import { Fragment, type ReactNode } from 'react';
import type { ImportKind } from '../../../shared/api';
import { formatCount, formatDuration, humanize } from '../lib/format';

export interface FileCounts {
  file: string;
  kind: ImportKind;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  /** how the file was read (encoding, rows rejected for bad bytes…), shown under its row */
  notes?: string[];
}

/** The Import page's last column: how long each file took. */
export const TIME_COLUMN = {
  header: 'Time',
  cell: (r: { duration_ms: number }) => <span className="muted">{formatDuration(r.duration_ms)}</span>,
  total: (rs: { duration_ms: number }[]) => formatDuration(rs.reduce((n, r) => n + r.duration_ms, 0)),
};

export function ImportResultsTable<T extends FileCounts>({
  results,
  caption,
  onShowRejects,
  last,
  testId = 'import-results',
}: {
  results: T[];
  caption?: string;
  /** offered on files with rejected rows */
  onShowRejects?: (result: T) => void;
  /** the last column: its header, each file's cell, and the footer cell when several files are listed */
  last: { header: string; cell: (result: T) => ReactNode; total?: (results: T[]) => ReactNode };
  testId?: string;
}) {
  const sum = (key: 'rows' | 'imported' | 'duplicates' | 'rejected') => results.reduce((n, r) => n + r[key], 0);
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Kind</th>
            {['Rows', 'Imported', 'Duplicates', 'Rejected', last.header].map((h) => (
              <th key={h} scope="col" className="right">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {results.map((r, i) => (
            <Fragment key={`${r.file}-${i}`}>
              <tr>
                <td className="mono">{r.file}</td>
                <td>{humanize(r.kind)}</td>
                <td className="right num">{formatCount(r.rows)}</td>
                <td className="right num">{formatCount(r.imported)}</td>
                <td className="right num">{r.duplicates ? formatCount(r.duplicates) : <span className="muted">0</span>}</td>
                <td className="right num">
                  {r.rejected ? (
                    onShowRejects ? (
                      <button type="button" className="btn btn-ghost btn-sm" onClick={() => onShowRejects(r)} aria-label={`Show the ${r.rejected} rejected rows of ${r.file}`}>
                        <span className="sev-pill sev-error">{formatCount(r.rejected)}</span> Show
                      </button>
                    ) : (
                      <span className="sev-pill sev-error">{formatCount(r.rejected)}</span>
                    )
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
                <td className="right num">{last.cell(r)}</td>
              </tr>
              {r.notes?.length ? (
                <tr className="import-notes">
                  <td colSpan={7} className="muted">
                    {r.notes.map((note) => (
                      <div key={note}>Note: {note}</div>
                    ))}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
        {results.length > 1 ? (
          <tfoot>
            <tr>
              <td>Total</td>
              <td className="muted">{formatCount(results.length)} files</td>
              <td className="right num">{formatCount(sum('rows'))}</td>
              <td className="right num">{formatCount(sum('imported'))}</td>
              <td className="right num">{formatCount(sum('duplicates'))}</td>
              <td className="right num">{formatCount(sum('rejected'))}</td>
              <td className="right num">{last.total?.(results)}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
