/**
 * A book at the scale the issues measure: N agreements (default 2,000), one
 * month of usage (default 1,000,000 rows over five metrics and every pricing
 * model) and time entries (default 50,000), written in the canonical formats.
 * Deterministic: the same arguments give the same files.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

export interface ScaleBook {
  agreements: string;
  usage: string;
  hours: string;
  period: string;
}

const METRICS = ['api_calls', 'storage_gb', 'seats', 'sms', 'compute_hours'] as const;

function agreement(i: number) {
  return {
    agreement_id: `AG-${String(i).padStart(5, '0')}`,
    account_id: `ACC${String(i).padStart(5, '0')}`,
    account_name: `Account ${i}`,
    currency: i % 7 === 0 ? 'EUR' : i % 11 === 0 ? 'JPY' : 'USD',
    start_date: i % 10 === 0 ? '2026-10-12' : '2026-01-01',
    owner: `Owner ${i % 12}`,
    po_number: `PO-${i}`,
    bill_to: `Account ${i}\n${i} Main Street`,
    tax_rate: '0.0825',
    discount_percent: i % 4 === 0 ? '5' : '0',
    minimum_commitment: i % 5 === 0 ? '1500.00' : '0',
    deposit: i % 9 === 0 ? '2000.00' : '0',
    charges: [
      { type: 'recurring', code: 'platform', description: 'Platform fee', amount: i % 11 === 0 ? '120000' : '1000.00' },
      { type: 'usage', metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '1000', unit_price: '0' }, { up_to: '100000', unit_price: '0.002' }, { up_to: null, unit_price: '0.001', flat_fee: '25' }] },
      { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.10', included: '50' },
      { type: 'usage', metric: 'seats', aggregation: 'last', model: 'volume', tiers: [{ up_to: '10', unit_price: '30' }, { up_to: null, unit_price: '25', flat_fee: '50' }] },
      { type: 'usage', metric: 'sms', model: 'package', package_size: '1000', package_price: '8.00' },
      { type: 'usage', metric: 'compute_hours', model: 'per_unit', unit_price: '0.35' },
      { type: 'hours', kind: 'professional_services', role: 'architect', rate: '220.00', increment_minutes: 15 },
      { type: 'hours', kind: 'professional_services', rate: '180.00', increment_minutes: 15 },
      { type: 'hours', kind: 'support', rate: '120.00', included_hours: '5', increment_minutes: 6 },
    ],
  };
}

export async function writeLines(path: string, header: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push(line(i));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length ? `${chunk.join('\n')}\n` : '');
  await once(out, 'finish');
}

const two = (n: number) => String(n).padStart(2, '0');

export async function writeScaleBook(dir: string, options: { agreements?: number; usageRows?: number; hoursRows?: number } = {}): Promise<ScaleBook> {
  const count = options.agreements ?? 2_000;
  const book: ScaleBook = { agreements: join(dir, 'agreements.json'), usage: join(dir, 'usage.csv'), hours: join(dir, 'hours.csv'), period: '2026-10' };
  writeFileSync(book.agreements, JSON.stringify(Array.from({ length: count }, (_, i) => agreement(i))));
  const account = (i: number) => `ACC${String(i % count).padStart(5, '0')}`;
  await writeLines(book.usage, 'event_id,account_id,metric,quantity,timestamp', options.usageRows ?? 1_000_000, (i) => {
    const metric = METRICS[Math.floor(i / count) % METRICS.length]!;
    const quantity = metric === 'seats' ? String(5 + ((i >> 4) % 40)) : `${(i % 4999) + 1}.${two((i >> 3) % 100)}`;
    // Accounts whose agreement starts on the 12th only send usage from then on: a clean book.
    const day = (i % count) % 10 === 0 ? 12 + (i % 20) : 1 + (i % 31);
    return `e${i},${account(i)},${metric},${quantity},2026-10-${two(day)}T${two(i % 24)}:${two(i % 60)}:00Z`;
  });
  await writeLines(book.hours, 'entry_id,date,account_id,person,kind,role,hours,billable,rate', options.hoursRows ?? 50_000, (i) => {
    const kind = i % 3 === 0 ? 'support' : 'professional_services';
    const role = kind === 'support' ? '' : i % 2 === 0 ? 'architect' : 'consultant';
    return `h${i},2026-10-${two(1 + (i % 31))},${account(i)},Person ${i % 2000},${kind},${role},${1 + (i % 7)}.${(i % 4) * 25},${i % 10 === 0 ? 'no' : 'yes'},`;
  });
  return book;
}
