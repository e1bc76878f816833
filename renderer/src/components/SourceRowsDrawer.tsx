/** The usage records or time entries one line was computed from, 100 per page. */
import { useState } from 'react';
import type { InvoiceLineDetail } from '../../../shared/api';
import { useApi } from '../data/use-api';
import { formatCount, groupDigits } from '../lib/format';
import { Drawer } from './Drawer';
import { ErrorState } from './PageStates';
import { Pager, SourceRowsGrid } from './SourceRowsGrid';

const PAGE = 100;

export function SourceRowsDrawer({ line, onClose }: { line: InvoiceLineDetail; onClose: () => void }) {
  const [offset, setOffset] = useState(0);
  const query = useApi('lines.sources', { lineId: line.line_id, offset, limit: PAGE });
  const total = query.data?.total ?? line.source_count;
  const hours = line.source_kind === 'hours';
  return (
    <Drawer
      testId="sources-drawer"
      title={line.description}
      subtitle={`${formatCount(total)} ${hours ? 'time entries' : 'usage records'} priced into this line · quantity ${groupDigits(line.quantity)} · amount ${groupDigits(line.amount)}`}
      onClose={onClose}
      footer={<Pager offset={offset} pageSize={PAGE} total={total} loading={query.isFetching} onOffset={setOffset} testId="sources-range" />}
    >
      {query.error ? <ErrorState message={query.error.message} onRetry={() => void query.refetch()} /> : <SourceRowsGrid rows={query.data?.rows ?? null} loading={query.isFetching} hours={hours} />}
    </Drawer>
  );
}
