/** A small book for the change-control tests: one USD agreement with sum, max and hours charges, rated into 2026-10 drafts, on a real SQLite file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Opened } from '../../../../db/open';
import { runCommand } from '../../commands/run-command';
import type { CommandArgs, CommandName, CommandResult } from '../../commands/registry';
import { createJobContext } from '../../job-context';

/**
 * AG-1 (ACME, USD, no tax, no discount):
 *   api_calls per unit 0.002, sum of 1000 + 2000 + 500000 (a bad reading) = 503000 → 1006.00
 *   storage_gb per unit 0.10, max of 100, 9000 (a bad reading), 120 = 9000 → 900.00
 *   professional services 180/h: 2 h (entry h1) + 1.5 h (h2) = 3.5 h → 630.00
 * Total 2536.00. AG-2 (GLOBEX, EUR): platform 500.00.
 */
export function writeControlBook(dir: string): string[] {
  const agreements = [
    {
      agreement_id: 'AG-1', account_id: 'ACME', currency: 'USD', start_date: '2026-01-01',
      charges: [
        { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.002' },
        { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.10' },
        { type: 'hours', kind: 'professional_services', rate: '180.00', increment_minutes: 15 },
      ],
    },
    { agreement_id: 'AG-2', account_id: 'GLOBEX', currency: 'EUR', start_date: '2026-01-01', charges: [{ type: 'recurring', code: 'platform', amount: '500.00' }] },
  ];
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify(agreements));
  writeFileSync(
    join(dir, 'usage.csv'),
    [
      'event_id,account_id,metric,quantity,timestamp',
      'u1,ACME,api_calls,1000,2026-10-02T00:00:00Z',
      'u2,ACME,api_calls,2000,2026-10-03T00:00:00Z',
      'u3,ACME,api_calls,500000,2026-10-04T00:00:00Z',
      's1,ACME,storage_gb,100,2026-10-02T00:00:00Z',
      's2,ACME,storage_gb,9000,2026-10-03T00:00:00Z',
      's3,ACME,storage_gb,120,2026-10-04T00:00:00Z',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'hours.csv'),
    ['entry_id,date,account_id,person,kind,hours,billable', 'h1,2026-10-05,ACME,Kim,professional_services,2,true', 'h2,2026-10-06,ACME,Kim,professional_services,1.5,true'].join('\n'),
  );
  return ['agreements.json', 'usage.csv', 'hours.csv'].map((f) => join(dir, f));
}

export interface ControlBook {
  dir: string;
  dbPath: string;
  opened: Opened;
  /** runs an engine command as `actor` (default "ann") the way the CLI does: inline, one transaction */
  run<N extends CommandName>(name: N, args: CommandArgs<N>, actor?: string): Promise<CommandResult<N>>;
  /** the row id of a usage record or time entry by its external id */
  rowId(kind: 'usage' | 'hours', externalId: string): number;
  invoice(id: string): { total: string; status: string; lines: { code: string; quantity: string; amount: string; description: string; detail: string }[] };
  cleanup(): void;
}

export async function controlBook(options: { rated?: boolean } = {}): Promise<ControlBook> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-controls-'));
  const dbPath = join(dir, 'book.db');
  const opened = openDatabase(dbPath);
  const run = <N extends CommandName>(name: N, args: CommandArgs<N>, actor = 'ann') => runCommand(opened.sqlite, { name, args } as never, createJobContext({ actor })) as Promise<CommandResult<N>>;
  await run('import.files', { files: writeControlBook(dir).map((path) => ({ path })) });
  if (options.rated !== false) await run('period.rate', { period: '2026-10' });
  return {
    dir,
    dbPath,
    opened,
    run,
    rowId: (kind, externalId) =>
      opened.sqlite.prepare(kind === 'usage' ? 'SELECT id FROM usage_records WHERE event_id = ?' : 'SELECT id FROM time_entries WHERE entry_id = ?').pluck().get(externalId) as number,
    invoice: (id) => ({
      ...(opened.sqlite.prepare('SELECT total, status FROM invoices WHERE id = ?').get(id) as { total: string; status: string }),
      lines: opened.sqlite.prepare('SELECT code, quantity, amount, description, detail FROM invoice_lines WHERE invoice_id = ? ORDER BY position').all(id) as {
        code: string;
        quantity: string;
        amount: string;
        description: string;
        detail: string;
      }[],
    }),
    cleanup: () => {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
