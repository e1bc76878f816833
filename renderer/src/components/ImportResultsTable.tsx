/** Per-file outcome of an import: what was read, imported, skipped, rejected. */
import type { ImportFileResult } from '../../../shared/api';
import { formatCount, formatDuration, humanize } from '../lib/format';

export function ImportResultsTable({
  results,
  caption,
  onShowRejects,
}: {
  results: ImportFileResult[];
  caption?: string;
  /** offered on files with rejected rows */
  onShowRejects?: (result: ImportFileResult) => void;
}) {
  const sum = (key: 'rows' | 'imported' | 'duplicates' | 'rejected') => results.reduce((n, r) => n + r[key], 0);
  const time = results.reduce((n, r) => n + r.durationMs, 0);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="import-results">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Kind</th>
            <th scope="col" className="right">
              Rows
            </th>
            <th scope="col" className="right">
              Imported
            </th>
            <th scope="col" className="right">
              Duplicates
            </th>
            <th scope="col" className="right">
              Rejected
            </th>
            <th scope="col" className="right">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          {results.map((r, i) => (
            <tr key={`${r.file}-${i}`}>
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
              <td className="right num muted">{formatDuration(r.durationMs)}</td>
            </tr>
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
              <td className="right num">{formatDuration(time)}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
