/** The usage records or time entries one line was computed from, 100 per page, sorted on the server, exportable; opened from an anomaly, its rows are flagged. */
import { useState } from 'react';
import type { InvoiceLineDetail } from '../../../shared/api';
import { useApi } from '../data/use-api';
import { useAppState } from '../state/app-state';
import { formatCount, groupDigits, plural } from '../lib/format';
import { Drawer } from './drawer';
import { ErrorState } from './page-states';
import { DEFAULT_SOURCE_SORT, ExportCsvButton, Pager, SourceRowsGrid, type SourceSort } from './source-rows-grid';

const PAGE = 100;

export function SourceRowsDrawer({ line, anomalyId = null, onClose }: { line: InvoiceLineDetail; anomalyId?: string | null; onClose: () => void }) {
  const { client } = useAppState();
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SourceSort>(DEFAULT_SOURCE_SORT);
  const order = { sort: sort.column, desc: sort.desc, ...(anomalyId ? { anomalyId } : {}) };
  const query = useApi('lines.sources', { lineId: line.line_id, offset, limit: PAGE, ...order });
  const total = query.data?.total ?? line.source_count;
  const hours = line.source_kind === 'hours';
  const flagged = query.data?.flagged;
  return (
    <Drawer
      testId="sources-drawer"
      title={line.description}
      subtitle={`${formatCount(total)} ${hours ? 'time entries' : 'usage records'} priced into this line · quantity ${groupDigits(line.quantity)} · amount ${groupDigits(line.amount)}`}
      onClose={onClose}
      footer={
        <>
          <Pager offset={offset} pageSize={PAGE} total={total} loading={query.isFetching} onOffset={setOffset} testId="sources-range" />
          <ExportCsvButton load={() => client.call('lines.sourcesCsv', { lineId: line.line_id, ...order })} testId="sources-export" />
        </>
      }
    >
      {anomalyId && flagged !== undefined ? (
        <p className="flag-note" data-testid="sources-flagged">
          ⚑ {flagged === 0 ? 'The anomaly points at none of these rows.' : `${plural(flagged, 'row')} flagged by the anomaly.`}{' '}
          {flagged > 0 && sort.column !== 'flagged' ? (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => {
                setSort({ column: 'flagged', desc: true });
                setOffset(0);
              }}
              data-testid="sources-flagged-first"
            >
              Show flagged first
            </button>
          ) : null}
        </p>
      ) : null}
      {query.error ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : (
        <SourceRowsGrid
          rows={query.data?.rows ?? null}
          loading={query.isFetching}
          hours={hours}
          flagged={anomalyId !== null}
          sort={sort}
          onSort={(next) => {
            setSort(next);
            setOffset(0);
          }}
        />
      )}
    </Drawer>
  );
}
