/**
 * The review state in the invoice JSON (`billing invoices --json`), through the
 * real CLI on a real book: whether an invoice is on hold and each finding's
 * review status, as keys added to the data-formats.md shape (nothing removed).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceJsonSchema } from '../../shared/domain';
import { acknowledgeAnomaly } from '../engine/anomalies/review';
import { scratch, type Scratch } from '../engine/import/__tests__/helpers';
import { setHold } from '../engine/review/holds';
import { billingOk } from './__tests__/run-cli';

let s: Scratch;
let db: string;
beforeAll(() => {
  s = scratch();
  db = join(s.dir, 'test.db');
  const demo = join(s.dir, 'demo');
  billingOk(['demo', '--out', demo, '--rows', '3000']);
  billingOk(['import', ...readdirSync(demo).sort().map((f) => join(demo, f)), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db]);
});
afterAll(() => s.cleanup());

describe('billing invoices --json carries the review state', () => {
  it('adds on_hold to each invoice and status to each of its anomalies', () => {
    const sqlite = s.opened.sqlite;
    const held = sqlite.prepare("SELECT id FROM invoices WHERE period = '2026-10' AND status = 'draft' ORDER BY id LIMIT 1").pluck().get() as string;
    setHold(sqlite, [held], true, 'Customer disputes the seat count', 'test');
    const anomaly = sqlite.prepare("SELECT id, invoice_id FROM anomalies WHERE period = '2026-10' AND active AND invoice_id IS NOT NULL ORDER BY id LIMIT 1").get() as {
      id: string;
      invoice_id: string;
    };
    acknowledgeAnomaly(sqlite, anomaly.id, 'test', 'checked with the customer');

    const invoices = (JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as unknown[]).map((raw) => invoiceJsonSchema.strict().parse(raw));
    for (const invoice of invoices) {
      expect(invoice.on_hold).toBe(invoice.invoice_id === held);
      for (const a of invoice.anomalies) expect(['open', 'acknowledged', 'dismissed']).toContain(a.status);
    }
    const withFinding = invoices.find((i) => i.invoice_id === anomaly.invoice_id)!;
    const message = sqlite.prepare('SELECT message FROM anomalies WHERE id = ?').pluck().get(anomaly.id) as string;
    expect(withFinding.anomalies.find((a) => a.message === message)?.status).toBe('acknowledged');
    // Only keys were added: the contract's keys are all still there.
    expect(Object.keys(withFinding)).toEqual(expect.arrayContaining(['invoice_id', 'invoice_number', 'status', 'lines', 'total', 'amount_due', 'anomalies', 'on_hold']));
  });
});
