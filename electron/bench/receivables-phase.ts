/**
 * Receivables at the scale of issue 17, a phase of `npm run bench` (bench.ts,
 * BENCH_PHASES=receivables; BENCH_INVOICES, BENCH_PAYMENTS): 20,000 finalized
 * invoices (inserted directly, as export would leave them) and 100,000 payments
 * imported from a generated CSV through the real importer, then allocation,
 * aging, the credit league and a statement. Prints figures; asserts nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/open';
import { addDays } from '../../shared/period';
import { importFiles } from '../engine/import/import-files';
import { createJobContext } from '../engine/job-context';
import { agingOf } from '../engine/receivables/aging';
import { creditLeagueOf } from '../engine/receivables/credit-league';
import { loadLedger } from '../engine/receivables/ledger';
import { statementOf } from '../engine/receivables/statement';

const accounts = 2_000;
const owners = 40;

/** Wall time and this process's CPU time: on a shared machine the CPU time is the figure that compares. */
function timed<T>(label: string, work: () => T): T {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
  return value;
}

/** Builds a book of `invoiceCount` finalized invoices in `dir`, imports `paymentCount` payments, and times allocation, aging, the league and a statement. */
export async function benchReceivables(dir: string, invoiceCount = 20_000, paymentCount = 100_000): Promise<void> {
  console.log(`receivables: ${invoiceCount.toLocaleString('en')} finalized invoices, ${paymentCount.toLocaleString('en')} payments, ${accounts.toLocaleString('en')} accounts`);
  const opened = openDatabase(join(dir, 'bench.db'));
  const sqlite = opened.sqlite;
  const ctx = createJobContext({ actor: 'bench' });
  try {
    sqlite.transaction(() => {
      const batch = Number(sqlite.prepare("INSERT INTO import_batches (file_name, file_size, sha256, kind, imported_by) VALUES ('bench', 0, '', 'agreements', 'bench')").run().lastInsertRowid);
      const account = sqlite.prepare('INSERT INTO accounts (id, name) VALUES (?, ?)');
      const agreement = sqlite.prepare(
        `INSERT INTO agreements (id, account_id, currency, start_date, owner, payment_terms_days, tax_rate, discount_percent, minimum_commitment, deposit, document, batch_id, line, raw)
         VALUES (?, ?, 'USD', '2024-01-01', ?, 30, '0', '0', '0', '0', '{}', ?, ?, '')`,
      );
      for (let a = 0; a < accounts; a++) {
        account.run(`ACC-${a}`, `Account ${a}`);
        agreement.run(`AG-${a}`, `ACC-${a}`, a % 7 === 0 ? null : `Owner ${a % owners}`, batch, a + 1);
      }
      const invoice = sqlite.prepare(
        `INSERT INTO invoices (id, agreement_id, account_id, period, currency, status, invoice_number, subtotal, discount, tax, total, deposit_applied, amount_due, rated_at, rated_by, issue_date, due_date)
         VALUES (?, ?, ?, ?, 'USD', 'finalized', ?, ?, '0.00', '0.00', ?, '0.00', ?, '', 'bench', ?, ?)`,
      );
      for (let i = 0; i < invoiceCount; i++) {
        const a = i % accounts;
        const month = Math.floor(i / accounts);
        const issue = addDays('2025-01-01', month * 30);
        const amount = `${100 + ((i * 37) % 900)}.${String(i % 100).padStart(2, '0')}`;
        invoice.run(`AG-${a}@${month}`, `AG-${a}`, `ACC-${a}`, issue.slice(0, 7), `INV-${String(i + 1).padStart(6, '0')}`, amount, amount, amount, issue, addDays(issue, 30));
      }
    })();
    const lines = ['payment_id,date,account_id,amount,currency,invoice_number'];
    for (let p = 0; p < paymentCount; p++) {
      const a = p % accounts;
      const named = p % 3 === 0 ? `INV-${String((p % invoiceCount) + 1).padStart(6, '0')}` : '';
      lines.push(`PAY-${p},${addDays('2025-01-15', Math.floor(p / (paymentCount / 300)))},ACC-${a},${20 + (p % 200)}.${String(p % 100).padStart(2, '0')},USD,${named}`);
    }
    const file = join(dir, 'payments.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const started = performance.now();
    const result = await importFiles(sqlite, { files: [{ path: file }] }, ctx);
    console.log(`import ${paymentCount.toLocaleString('en')} payments: ${(performance.now() - started).toFixed(0)} ms (${result.files[0]!.imported} imported)`);

    timed(`allocate, cold`, () => loadLedger(sqlite));
    const ledger = timed(`allocate ${invoiceCount.toLocaleString('en')} invoices × ${paymentCount.toLocaleString('en')} payments (load + allocate)`, () => loadLedger(sqlite));
    const allocations = ledger.payments.reduce((n, p) => n + p.allocations.length, 0);
    console.log(`  ${allocations.toLocaleString('en')} allocations, ${ledger.payments.filter((p) => p.unapplied > 0n).length.toLocaleString('en')} payments with unapplied credit`);
    const rows = timed('aging as of 2025-12-31', () => agingOf(ledger, '2025-12-31'));
    console.log(`  ${rows.length.toLocaleString('en')} account-currency rows`);
    const ownerNames = sqlite.prepare("SELECT DISTINCT nullif(trim(owner), '') FROM agreements").pluck().all() as (string | null)[];
    timed('credit league as of 2025-12-31', () => creditLeagueOf(ledger, ownerNames, '2025-12-31'));
    timed('statement of one account', () => statementOf(ledger, sqlite, 'ACC-1', '2025-12-31'));
    console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    opened.close();
  }
}
