/**
 * A deterministic, clean customer book for the anomaly tests: three dozen
 * accounts, eight months of usage and hours with realistic but calm noise,
 * complete agreements. With `inject`, one problem per anomaly rule is planted
 * in the last month, each in its own account and shaped so that it trips its
 * own rule only.
 */
import { agreement, type HoursInput, type UsageInput } from './helpers';

export const BOOK_PERIODS = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'] as const;
export const LAST = '2026-10';

/** mulberry32: a small seeded PRNG, so every run generates the same book. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Thousandths as an exact decimal string: 123456 → "123.456". */
const thousandths = (n: number) => `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`;

export interface Book {
  agreements: Record<string, unknown>[];
  usage: UsageInput[];
  hours: HoursInput[];
}

/** The problems `inject` plants: rule → the account the finding is about (null for a person-level finding). */
export const INJECTED: Record<string, string | null> = {
  usage_spike: 'ACC01',
  usage_drop: 'ACC02',
  missing_usage: 'ACC03',
  unbilled_hours: 'ACC04',
  duplicate_usage: 'ACC05',
  duplicate_hours: 'ACC06',
  excessive_hours: null,
  rate_mismatch: 'ACC09',
  usage_after_end: 'ACC10',
  total_jump: 'ACC11',
  discount_over_limit: 'ACC12',
  overlapping_agreements: 'ACC13',
  agreement_incomplete: 'ACC14',
  unit_mismatch: 'ACC15',
  unbilled_usage: 'TRIAL01',
  zero_total: 'ZERO01',
  negative_total: 'NEG01',
  prepaid_exhausted_early: 'PREPAID01',
  large_true_up: 'TRUEUP01',
};

export function generateBook(options: { inject: boolean; accounts?: number }): Book {
  const rand = prng(20261031);
  const inject = options.inject;
  const book: Book = { agreements: [], usage: [], hours: [] };
  const count = options.accounts ?? 36;
  /** whole-unit general professional-services rate per account (generated integers, never parsed from text) */
  const generalRates = new Map<string, number>();

  for (let i = 1; i <= count; i++) {
    const acc = `ACC${pad(i)}`;
    const currency = i % 9 === 0 ? 'JPY' : i % 4 === 0 ? 'EUR' : 'USD';
    const scale = currency === 'JPY' ? 150 : 1;
    const hasSupport = acc !== 'ACC04';
    const hasHours = acc !== 'ACC10';
    const recurring = (3000 + Math.floor(rand() * 6000)) * scale;
    const apiBase = acc === 'ACC01' ? 2000 : 2000 + Math.floor(rand() * 18000);
    const storageBase = 200_000 + Math.floor(rand() * 600_000); // thousandths of a GB
    const seatsBase = 10 + Math.floor(rand() * 40);
    const rates = { architect: 220 * scale, general: 180 * scale, support: 120 * scale };
    generalRates.set(acc, rates.general);

    const charges: Record<string, unknown>[] = [
      { type: 'recurring', code: 'platform', description: 'Platform fee', amount: `${recurring}` },
      {
        type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'graduated',
        tiers: [{ up_to: '10000', unit_price: '0' }, { up_to: null, unit_price: currency === 'JPY' ? '0.15' : '0.001' }],
      },
      { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: acc === 'ACC15' ? '0' : currency === 'JPY' ? '7' : '0.05', included: '100' },
      {
        type: 'usage', metric: 'seats', aggregation: 'last', model: 'volume',
        tiers: [{ up_to: '20', unit_price: `${10 * scale}` }, { up_to: null, unit_price: `${8 * scale}`, flat_fee: `${20 * scale}` }],
      },
      { type: 'hours', kind: 'professional_services', role: 'architect', rate: `${rates.architect}.00`, increment_minutes: 15 },
      { type: 'hours', kind: 'professional_services', rate: `${rates.general}`, increment_minutes: 15 },
    ];
    if (hasSupport) charges.push({ type: 'hours', kind: 'support', rate: `${rates.support}`, included_hours: '5', increment_minutes: 6 });
    if (inject && acc === 'ACC11') charges.push({ type: 'one_time', code: 'migration', description: 'Data migration', amount: `${40000 * scale}`, bill_on: '2026-10-05' });

    book.agreements.push(
      agreement({
        agreement_id: `AG-${acc}`,
        account_id: acc,
        account_name: `Account ${i}`,
        currency,
        start_date: '2025-01-01',
        end_date: inject && acc === 'ACC10' ? '2026-10-20' : null,
        tax_rate: i % 3 === 0 ? '0.2' : '0',
        discount_percent: inject && acc === 'ACC12' ? '30' : String(i % 5 === 0 ? 10 : 0),
        po_number: inject && acc === 'ACC14' ? null : `PO-${acc}`,
        charges,
      }),
    );
    if (inject && acc === 'ACC13') {
      book.agreements.push(
        agreement({
          agreement_id: `AG-${acc}-ADDON`,
          account_id: acc,
          currency,
          start_date: '2025-06-01',
          charges: [
            { type: 'recurring', code: 'analytics', amount: `${500 * scale}` },
            { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.0001' },
          ],
        }),
      );
    }

    const people = [`${acc} Consultant`, `${acc} Architect`];
    BOOK_PERIODS.forEach((period, monthIndex) => {
      const last = period === LAST;
      const growth = 1 + monthIndex * 0.01;
      // API calls: 25 batches a month, ±15 % noise.
      let apiFactor = 1;
      if (inject && last && acc === 'ACC01') apiFactor = 4;
      if (inject && last && acc === 'ACC02') apiFactor = 0.2;
      for (let d = 1; d <= 25; d++) {
        const q = Math.max(1, Math.round(apiBase * growth * apiFactor * (0.85 + rand() * 0.3)));
        book.usage.push({ account: acc, metric: 'api_calls', ts: `${period}-${pad(d)}T${pad(8 + (d % 10))}:${pad((i * 7) % 60)}:00Z`, quantity: String(q) });
      }
      // Storage: one reading a day, ±5 %.
      if (!(inject && last && acc === 'ACC03')) {
        for (let d = 1; d <= 28; d++) {
          let q = Math.round(storageBase * growth * (0.95 + rand() * 0.1));
          if (inject && last && acc === 'ACC15' && d === 17) q *= 1024;
          book.usage.push({ account: acc, metric: 'storage_gb', ts: `${period}-${pad(d)}T02:00:00Z`, quantity: thousandths(q) });
        }
      }
      // Seats: three readings a month.
      for (const d of [1, 11, 21]) {
        book.usage.push({ account: acc, metric: 'seats', ts: `${period}-${pad(d)}T00:00:00Z`, quantity: String(seatsBase + Math.floor(rand() * 3)) });
      }
      if (!hasHours) return;
      // Hours: four professional-services entries of 2–3 h on distinct days, one support entry.
      const days = [3, 9, 15, 22];
      days.forEach((d, k) => {
        const architect = k % 2 === 1;
        const hours = (8 + Math.floor(rand() * 5)) / 4;
        book.hours.push({
          account: acc,
          person: people[k % 2]!,
          date: `${period}-${pad(d + (i % 3))}`,
          role: architect ? 'architect' : undefined,
          hours: String(hours),
          rate: k === 0 ? `${rates.general}.00` : architect ? String(rates.architect) : undefined,
        });
      });
      if (hasSupport) book.hours.push({ account: acc, person: people[0]!, date: `${period}-${pad(27)}`, kind: 'support', hours: '1.5' });
    });
  }

  if (!inject) return book;

  // unbilled_usage: a trial account sending usage with no agreement at all.
  for (let d = 6; d <= 25; d++) book.usage.push({ account: 'TRIAL01', metric: 'api_calls', ts: `${LAST}-${pad(d)}T12:00:00Z`, quantity: '1500' });
  // zero_total and negative_total: agreements that bill nothing, and a standing credit.
  book.agreements.push(
    agreement({ agreement_id: 'AG-ZERO01', account_id: 'ZERO01', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] }),
    agreement({ agreement_id: 'AG-NEG01', account_id: 'NEG01', charges: [{ type: 'recurring', code: 'credit', description: 'Service credit', amount: '-500' }] }),
  );
  // prepaid_exhausted_early: a quarter's 1,000 prepaid SMS used up in its first month;
  // large_true_up: a one-month commitment of 1,000.00 on a 100.00 fee (a 900.00 true-up).
  // Both start in the last month, so no earlier invoice makes a total jump.
  book.agreements.push(
    agreement({
      agreement_id: 'AG-PREPAID01', account_id: 'PREPAID01', start_date: `${LAST}-01`,
      prepaid: [{ metric: 'sms', units: '1000', from: LAST, to: '2026-12' }],
      charges: [{ type: 'recurring', code: 'platform', amount: '100.00' }, { type: 'usage', metric: 'sms', model: 'per_unit', unit_price: '0.05' }],
    }),
    agreement({
      agreement_id: 'AG-TRUEUP01', account_id: 'TRUEUP01', start_date: `${LAST}-01`,
      commitment: { amount: '1000.00', from: LAST, to: LAST },
      charges: [{ type: 'recurring', code: 'platform', amount: '100.00' }],
    }),
  );
  book.usage.push({ account: 'PREPAID01', metric: 'sms', ts: `${LAST}-10T09:00:00Z`, quantity: '1200' });
  // unbilled_hours: support time for an account whose agreement has no support charge.
  book.hours.push({ account: 'ACC04', person: 'ACC04 Consultant', date: '2026-10-08', kind: 'support', hours: '2.5' });
  // duplicate_usage: one API-call batch sent twice under another event id.
  const original = book.usage.find((u) => u.account === 'ACC05' && u.metric === 'api_calls' && u.ts.startsWith(`${LAST}-12`))!;
  book.usage.push({ ...original, id: 'resent-1' });
  // duplicate_hours: one time entry synced twice.
  const entry = book.hours.find((h) => h.account === 'ACC06' && h.date.startsWith(LAST))!;
  book.hours.push({ ...entry, id: 'resync-1' });
  // excessive_hours: one person on two accounts the same day.
  book.hours.push(
    { account: 'ACC07', person: 'Lena Fischer', date: '2026-10-14', hours: '7' },
    { account: 'ACC08', person: 'Lena Fischer', date: '2026-10-14', hours: '6' },
  );
  // rate_mismatch: last year's rate card.
  book.hours.push({ account: 'ACC09', person: 'Aisha Bello', date: '2026-10-20', hours: '4', rate: `${(generalRates.get('ACC09')! * 9) / 10}.00` });
  return book;
}
