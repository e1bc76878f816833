/** Whether a period is rated: it has any invoice (the same test the import's re-rate uses). */
import type { Sqlite } from '../../../db/open';

export function isRated(sqlite: Sqlite, period: string): boolean {
  return sqlite.prepare("SELECT 1 FROM invoices WHERE period = ? AND document_type = 'invoice' LIMIT 1").get(period) !== undefined;
}
