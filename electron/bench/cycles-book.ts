/**
 * The bench's bill-cycle book (rating.md "Bill cycles, …", issue 20): N
 * agreements (default 2,000) over the third quarter of 2026, a fifth of them on
 * the new models, in equal shares: a quarterly subscription with usage billed
 * per quarter, a percentage fee on payments, a prepaid SMS block for the
 * quarter, a commitment for the quarter. The rest bill monthly. With
 * `plain: true` every agreement bills monthly (the figure to compare with).
 * Deterministic: the same arguments give the same files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLines } from './scale-book';

export interface CyclesBook {
  agreements: string;
  usage: string;
  periods: readonly string[];
  /** agreements on the bill-cycle models */
  onModels: number;
}

type Kind = 'monthly' | 'quarter' | 'percentage' | 'prepaid' | 'commitment';
const MODEL_KINDS: readonly Kind[] = ['quarter', 'percentage', 'prepaid', 'commitment'];

const kindOf = (i: number, plain: boolean): Kind => (plain || i % 5 !== 0 ? 'monthly' : MODEL_KINDS[(i / 5) % MODEL_KINDS.length]!);
const metricsOf = (kind: Kind): readonly string[] => (kind === 'percentage' ? ['payments', 'api_calls'] : ['api_calls', 'sms']);

function agreement(i: number, kind: Kind) {
  const api = { type: 'usage', metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '1000', unit_price: '0' }, { up_to: null, unit_price: '0.002' }] };
  const sms = { type: 'usage', metric: 'sms', model: 'package', package_size: '1000', package_price: '8.00' };
  const base = {
    agreement_id: `AG-${String(i).padStart(5, '0')}`,
    account_id: `ACC${String(i).padStart(5, '0')}`,
    account_name: `Account ${i}`,
    currency: i % 7 === 0 ? 'EUR' : 'USD',
    start_date: i % 10 === 0 ? '2026-07-12' : '2026-01-01',
    owner: `Owner ${i % 12}`,
    po_number: `PO-${i}`,
    bill_to: `Account ${i}\n${i} Main Street`,
    tax_rate: '0.0825',
    minimum_commitment: i % 3 === 0 ? '200.00' : '0',
  };
  const platform = { type: 'recurring', code: 'platform', amount: '500.00' };
  switch (kind) {
    case 'monthly':
      return { ...base, charges: [platform, api, sms] };
    case 'quarter':
      return {
        ...base,
        charges: [
          { ...platform, amount: '1500.00', interval: 'quarter' },
          { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.002', included: '5000', interval: 'quarter' },
          { ...sms, interval: 'quarter' },
        ],
      };
    case 'percentage':
      return {
        ...base,
        charges: [platform, { type: 'usage', metric: 'payments', model: 'percentage', rate: '2.9', per_event_fee: '0.30', free_events: 5, min_per_event: '0.50', max_per_event: '20.00' }, api],
      };
    case 'prepaid':
      return { ...base, prepaid: [{ metric: 'sms', units: '40000', from: '2026-07', to: '2026-09' }], charges: [platform, api, sms] };
    case 'commitment':
      return { ...base, commitment: { amount: '6000.00', from: '2026-07', to: '2026-09' }, charges: [platform, api, sms] };
  }
}

const two = (n: number) => String(n).padStart(2, '0');

export async function writeCyclesBook(dir: string, options: { agreements?: number; usageRows?: number; plain?: boolean } = {}): Promise<CyclesBook> {
  const count = options.agreements ?? 2_000;
  const plain = options.plain ?? false;
  const book: CyclesBook = { agreements: join(dir, 'agreements.json'), usage: join(dir, 'usage.csv'), periods: ['2026-07', '2026-08', '2026-09'], onModels: 0 };
  const kinds = Array.from({ length: count }, (_, i) => kindOf(i, plain));
  book.onModels = kinds.filter((k) => k !== 'monthly').length;
  writeFileSync(book.agreements, JSON.stringify(kinds.map((kind, i) => agreement(i, kind))));
  await writeLines(book.usage, 'event_id,account_id,metric,quantity,timestamp', options.usageRows ?? 150_000, (i) => {
    const a = i % count;
    const metrics = metricsOf(kinds[a]!);
    const metric = metrics[Math.floor(i / count) % metrics.length]!;
    const quantity = metric === 'payments' ? `${(i % 9973) + 1}.${two(i % 100)}` : String(50 + (i % 997));
    const month = 7 + (Math.floor(i / (count * 2)) % 3);
    // Accounts whose agreement starts on July 12 only send usage from then on.
    const day = a % 10 === 0 && month === 7 ? 12 + (i % 19) : 1 + (i % 30);
    return `c${i},ACC${String(a).padStart(5, '0')},${metric},${quantity},2026-${two(month)}-${two(day)}T${two(i % 24)}:${two(i % 60)}:00Z`;
  });
  return book;
}
