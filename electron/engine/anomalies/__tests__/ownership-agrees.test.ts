/**
 * Rating and anomaly detection must name the same agreement as the one that
 * bills a record: both call rating/ownership.ts decideOwnership. This checks
 * the outcome on a real book with overlapping agreements, comparing what rating
 * stored (usage_spans, the hours on each invoice) with what detection's
 * AgreementData says.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, parsePeriod } from '../../../../shared/period';
import { AgreementData } from '../data/agreements';
import { agreement, TestBook } from './helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const api = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' };
const storage = { type: 'usage', metric: 'storage_gb', model: 'per_unit', unit_price: '0.10', aggregation: 'max' };
const ps = { type: 'hours', kind: 'professional_services', rate: '100' };

describe('ownership: rating and detection agree', () => {
  it('on the days each agreement bills usage and on the agreement each time entry goes to', async () => {
    await book.agreements(
      // OVER: a later agreement takes api_calls from the 11th; a same-day start is won by the larger id.
      agreement({ agreement_id: 'AG-O1', account_id: 'OVER', charges: [api, storage, ps] }),
      agreement({ agreement_id: 'AG-O2', account_id: 'OVER', start_date: '2026-10-11', end_date: '2026-10-20', charges: [api, ps] }),
      agreement({ agreement_id: 'AG-O3', account_id: 'OVER', start_date: '2026-10-11', end_date: '2026-10-15', charges: [api] }),
      // HAND: one ends on the 5th, the next starts on the 3rd.
      agreement({ agreement_id: 'AG-H1', account_id: 'HAND', end_date: '2026-10-05', charges: [api, ps] }),
      agreement({ agreement_id: 'AG-H2', account_id: 'HAND', start_date: '2026-10-03', charges: [api, ps] }),
    );
    const days = ['01', '04', '11', '14', '16', '21', '31'];
    await book.usage(
      ['OVER', 'HAND'].flatMap((account) =>
        days.flatMap((d) => [
          { account, metric: 'api_calls', ts: `2026-10-${d}T12:00:00Z`, quantity: '10' },
          { account, metric: 'storage_gb', ts: `2026-10-${d}T12:00:00Z`, quantity: '5' },
        ]),
      ),
    );
    await book.hours(['OVER', 'HAND'].flatMap((account) => days.map((d) => ({ account, person: 'Sam Roe', date: `2026-10-${d}`, hours: '2' }))));
    book.rate('2026-10');

    const period = parsePeriod('2026-10');
    const detection = new AgreementData(book.sqlite, period);

    const rated = book.sqlite
      .prepare(
        `SELECT i.agreement_id, s.account_id, s.metric, s.ts_from, s.ts_to FROM usage_spans s JOIN invoices i ON i.id = s.invoice_id
         ORDER BY s.account_id, s.metric, s.ts_from`,
      )
      .raw()
      .all() as string[][];
    const pairs = [...new Set(rated.map(([, account, metric]) => `${account}|${metric}`))];
    const detected = pairs.flatMap((pair) => {
      const [account = '', metric = ''] = pair.split('|');
      return detection
        .usageRangesOf(account, metric)
        .map((r) => [r.owner.id, account, metric, `${r.from}T00:00:00.000Z`, `${addDays(r.to, 1)}T00:00:00.000Z`]);
    });
    expect(detected).toEqual(rated);
    // The overlaps were really decided (not an empty book agreeing with itself).
    expect(rated.filter(([, account, metric]) => account === 'OVER' && metric === 'api_calls').map(([id, , , from]) => `${id} ${from?.slice(0, 10)}`)).toEqual([
      'AG-O1 2026-10-01',
      'AG-O3 2026-10-11',
      'AG-O2 2026-10-16',
      'AG-O1 2026-10-21',
    ]);

    const ratedHours = book.sqlite
      .prepare(
        `SELECT t.id, i.agreement_id FROM line_sources ls JOIN invoices i ON i.id = ls.invoice_id JOIN time_entries t ON t.id = ls.source_id
         WHERE ls.source_kind = 'hours' ORDER BY t.id`,
      )
      .raw()
      .all() as [number, string][];
    const entries = book.sqlite.prepare('SELECT id, account_id, kind, date FROM time_entries ORDER BY id').raw().all() as [number, string, 'professional_services', string][];
    const detectedHours = entries.map(([id, account, kind, date]) => [id, detection.hoursOwnerOn(account, kind, date)?.id]);
    expect(detectedHours).toEqual(ratedHours);
    expect(new Set(ratedHours.map(([, id]) => id))).toEqual(new Set(['AG-O1', 'AG-O2', 'AG-H1', 'AG-H2']));
  });
});
