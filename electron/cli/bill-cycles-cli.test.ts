/**
 * Bill cycles, percentage charges, prepaid units and commitments (rating.md)
 * through the real `billing` command on a real SQLite file: agreements and
 * usage written by the test, imported, rated month by month, read back as
 * invoice JSON. Expected amounts are worked out by hand next to each check.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingOk } from './__tests__/run-cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cycles-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const newDb = () => join(dir, `book-${++files}.db`);
const file = (name: string, text: string) => {
  const path = join(dir, `${++files}-${name}`);
  writeFileSync(path, text);
  return path;
};

interface Line {
  kind: string;
  code: string;
  description: string;
  quantity: string;
  unit_price: string;
  amount: string;
}
interface Invoice {
  invoice_id: string;
  agreement_id: string;
  status: string;
  lines: Line[];
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
}
interface Rejected {
  line: number;
  field: string | null;
  reason: string;
}

/** A complete agreement (PO, bill-to, owner) in USD so no completeness finding blocks an approval. */
const agreement = (fields: Record<string, unknown>) => ({
  account_name: `${String(fields.account_id)} Ltd`,
  currency: 'USD',
  start_date: '2026-01-01',
  end_date: null,
  owner: 'Dana Lee',
  po_number: `PO-${String(fields.agreement_id)}`,
  bill_to: `${String(fields.account_id)} Ltd, 1 Main St`,
  ...fields,
});
const usageCsv = (rows: [string, string, string, string][]) =>
  `event_id,account_id,metric,quantity,timestamp\n${rows.map((r, i) => `${files}-${i},${r.join(',')}`).join('\n')}\n`;

const importFiles = (db: string, ...paths: string[]) => billingOk(['import', ...paths, '--db', db]);
const rate = (db: string, period: string) => billingOk(['rate', '--period', period, '--db', db]);
const invoices = (db: string, period: string) => JSON.parse(billingOk(['invoices', '--period', period, '--json', '--db', db])) as Invoice[];
const invoiceOf = (db: string, period: string, agreementId: string) => {
  const found = invoices(db, period).find((i) => i.agreement_id === agreementId);
  if (!found) throw new Error(`no ${period} invoice for ${agreementId}`);
  return found;
};
const lineAmounts = (i: Invoice) => i.lines.map((l) => [l.kind, l.amount]);

describe('import refuses what the rating could not bill as written', () => {
  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['an unknown interval', { charges: [{ type: 'recurring', code: 'x', amount: '1.00', interval: 'weekly' }] }, 'charges.0.interval', /interval "weekly" must be one of month, quarter, half_year, year/],
    ['an unknown align', { charges: [{ type: 'recurring', code: 'x', amount: '1.00', align: 'fiscal' }] }, 'charges.0.align', /align "fiscal" must be one of calendar, anniversary/],
    ['an unknown timing', { charges: [{ type: 'recurring', code: 'x', amount: '1.00', timing: 'later' }] }, 'charges.0.timing', /timing "later" must be one of advance, arrears/],
    ['usage billed in advance', { charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: '1', timing: 'advance' }] }, 'charges.0.timing', /timing "advance" must be arrears/],
    ['a term on an hours charge', { charges: [{ type: 'hours', kind: 'support', rate: '100', interval: 'quarter' }] }, 'charges.0.interval', /interval "quarter" does not apply here/],
    ['an unknown model', { charges: [{ type: 'usage', metric: 'm', model: 'fancy', unit_price: '1' }] }, 'charges.0.model', /model "fancy" is not one of per_unit, graduated, volume, package, percentage/],
    [
      'a prepaid block on a max metric',
      { charges: [{ type: 'usage', metric: 'gb', model: 'per_unit', unit_price: '1', aggregation: 'max' }], prepaid: [{ metric: 'gb', units: '10', from: '2026-01', to: '2026-02' }] },
      'prepaid.0.metric',
      /prepaid block 1 \(gb\): metric "gb" is aggregated by max; only sum and count aggregations may be prepaid/,
    ],
    [
      'a prepaid block on a last metric',
      { charges: [{ type: 'usage', metric: 'seats', model: 'per_unit', unit_price: '1', aggregation: 'last' }], prepaid: [{ metric: 'seats', units: '10', from: '2026-01', to: '2026-02' }] },
      'prepaid.0.metric',
      /aggregated by last; only sum and count/,
    ],
    [
      'a prepaid window from after to',
      { charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: '1' }], prepaid: [{ metric: 'm', units: '10', from: '2026-03', to: '2026-02' }] },
      'prepaid.0.from',
      /prepaid block 1 \(m\): from "2026-03" is after to "2026-02"/,
    ],
    [
      'negative prepaid units',
      { charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: '1' }], prepaid: [{ metric: 'm', units: '-10', from: '2026-01', to: '2026-02' }] },
      'prepaid.0.units',
      /units "-10" must not be negative/,
    ],
    ['a negative commitment', { charges: [], commitment: { amount: '-5.00', from: '2026-01', to: '2026-02' } }, 'commitment.amount', /commitment.amount "-5.00" must not be negative/],
    ['a commitment window from after to', { charges: [], commitment: { amount: '5.00', from: '2026-05', to: '2026-02' } }, 'commitment.from', /commitment.from "2026-05" is after to "2026-02"/],
    ['a negative percentage rate', { charges: [{ type: 'usage', metric: 'pay', model: 'percentage', rate: '-1' }] }, 'charges.0.rate', /rate "-1" must not be negative/],
    ['a negative per-event fee', { charges: [{ type: 'usage', metric: 'pay', model: 'percentage', rate: '1', per_event_fee: '-0.30' }] }, 'charges.0.per_event_fee', /per_event_fee "-0.30" must not be negative/],
    ['a percentage minimum above its maximum', { charges: [{ type: 'usage', metric: 'pay', model: 'percentage', rate: '1', min_per_event: '5', max_per_event: '1' }] }, 'charges.0.min_per_event', /min_per_event "5" is above max_per_event "1"/],
  ];

  it('rejects each with a sentence naming the field, and bills none of them', () => {
    const db = newDb();
    const docs = bad.map(([, fields], i) => agreement({ agreement_id: `BAD-${i + 1}`, account_id: `B${i + 1}`, ...fields }));
    const path = file('bad.json', JSON.stringify([...docs, agreement({ agreement_id: 'GOOD', account_id: 'G', charges: [] })]));
    const summary = JSON.parse(billingOk(['import', path, '--json', '--db', db])) as { imported: number; rejected: number }[];
    expect(summary[0]).toMatchObject({ imported: 1, rejected: bad.length });
    const rejected = JSON.parse(billingOk(['rejected', '--json', '--db', db])) as Rejected[];
    bad.forEach(([what, , field, reason], i) => {
      const row = rejected.find((r) => r.line === i + 1);
      expect(row?.field, what).toBe(field);
      expect(row?.reason, what).toMatch(reason);
    });
    rate(db, '2026-01');
    expect(invoices(db, '2026-01').map((i) => i.agreement_id)).toEqual(['GOOD']);
  });

  it('the CSV form carries interval, align, timing and the percentage fields', () => {
    const db = newDb();
    const csv = file(
      'agreements.csv',
      [
        'agreement_id,account_id,currency,start_date,owner,po_number,bill_to,type,code,amount,interval,timing,metric,model,rate,per_event_fee,free_events',
        'CSV-1,C1,USD,2026-01-01,Dana,PO-1,C1 Ltd,recurring,platform,300.00,quarter,arrears,,,,,',
        'CSV-1,C1,USD,2026-01-01,Dana,PO-1,C1 Ltd,usage,,,,,payments,percentage,1,0.10,1',
        'CSV-2,C2,USD,2026-01-01,Dana,PO-2,C2 Ltd,recurring,platform,300.00,fortnight,,,,,,',
      ].join('\n'),
    );
    importFiles(db, csv, file('u.csv', usageCsv([['C1', 'payments', '50.00', '2026-03-01T00:00:00Z'], ['C1', 'payments', '20.00', '2026-03-02T00:00:00Z']])));
    const rejected = JSON.parse(billingOk(['rejected', '--json', '--db', db])) as Rejected[];
    expect(rejected.map((r) => [r.line, r.field])).toEqual([[4, 'interval']]);
    rate(db, '2026-03');
    // 300.00 for the quarter in arrears; payments: first (50.00) free, 20 × 1 % + 0.10 = 0.30
    expect(lineAmounts(invoiceOf(db, '2026-03', 'CSV-1'))).toEqual([['recurring', '300.00'], ['usage', '0.30']]);
  });
});

describe('terms, percentage, prepaid and commitments on a real book', () => {
  let db: string;
  beforeAll(() => {
    db = newDb();
    const agreements = [
      agreement({
        agreement_id: 'QTR',
        account_id: 'A1',
        start_date: '2026-02-10',
        charges: [
          { type: 'recurring', code: 'platform', amount: '900.00', interval: 'quarter' },
          { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included: '1000', interval: 'quarter' },
        ],
      }),
      agreement({
        agreement_id: 'PCT',
        account_id: 'A2',
        charges: [{ type: 'usage', metric: 'payments', model: 'percentage', rate: '2.9', per_event_fee: '0.30', free_events: 1, min_per_event: '0.50', max_per_event: '5.00' }],
      }),
      agreement({
        agreement_id: 'PRE',
        account_id: 'A3',
        minimum_commitment: '50.00',
        prepaid: [{ metric: 'sms', units: '1000', from: '2026-01', to: '2026-03' }],
        commitment: { amount: '500.00', from: '2026-01', to: '2026-03' },
        charges: [{ type: 'usage', metric: 'sms', model: 'per_unit', unit_price: '0.10' }],
      }),
    ];
    importFiles(
      db,
      file('agreements.json', JSON.stringify(agreements)),
      file(
        'usage.csv',
        usageCsv([
          ['A1', 'api_calls', '500', '2026-02-05T00:00:00Z'], // before the start: never billed
          ['A1', 'api_calls', '800', '2026-02-15T00:00:00Z'],
          ['A1', 'api_calls', '900', '2026-03-15T00:00:00Z'],
          ['A2', 'payments', '100.00', '2026-01-02T00:00:00Z'],
          ['A2', 'payments', '10.00', '2026-01-03T00:00:00Z'],
          ['A2', 'payments', '500.00', '2026-01-04T00:00:00Z'],
          ['A2', 'payments', '50.00', '2026-01-05T00:00:00Z'],
          ['A3', 'sms', '600', '2026-01-05T00:00:00Z'],
          ['A3', 'sms', '600', '2026-02-05T00:00:00Z'],
          ['A3', 'sms', '300', '2026-03-05T00:00:00Z'],
        ]),
      ),
    );
    for (const period of ['2026-01', '2026-02', '2026-03']) rate(db, period);
  });

  it('a quarter starting Feb 10 bills 900 × 50/90 = 500.00 in February, and the term usage (800 + 900 − 1000) × 0.01 = 7.00 in March', () => {
    expect(lineAmounts(invoiceOf(db, '2026-02', 'QTR'))).toEqual([['recurring', '500.00']]);
    expect(invoiceOf(db, '2026-02', 'QTR').lines[0]!.description).toContain('prorated 50/90 days');
    const march = invoiceOf(db, '2026-03', 'QTR');
    expect(march.lines.map((l) => [l.kind, l.quantity, l.amount])).toEqual([['usage', '700', '7.00']]);
    expect(march.total).toBe('7.00');
  });

  it('usage waiting for its term end is not reported as unbilled', () => {
    const findings = JSON.parse(billingOk(['anomalies', '--period', '2026-02', '--json', '--db', db])) as { rule: string; message: string }[];
    // only the record before the start date (500) is unbilled; the 800 of Feb 15 is billed with the quarter
    expect(findings.filter((f) => f.rule === 'unbilled_usage').map((f) => f.message)).toEqual([expect.stringMatching(/^1 usage record \(500 API calls\)/)]);
  });

  it('percentage: 0.59 + 5.00 (capped) + 1.75 = 7.34, the first event free', () => {
    const line = invoiceOf(db, '2026-01', 'PCT').lines[0]!;
    expect([line.kind, line.quantity, line.amount]).toEqual(['usage', '3', '7.34']);
  });

  it('prepaid 1000 sms: January uses 600, February the last 400 and pays for 200, March pays for all 300', () => {
    // Jan: 600 prepaid, 0.00 priced + minimum 50.00; Feb: 200 × 0.10 = 20.00 + minimum 30.00; Mar: 30.00 + minimum 20.00
    expect(lineAmounts(invoiceOf(db, '2026-01', 'PRE'))).toEqual([['usage', '0.00'], ['minimum', '50.00']]);
    expect(lineAmounts(invoiceOf(db, '2026-02', 'PRE'))).toEqual([['usage', '20.00'], ['minimum', '30.00']]);
    expect(invoiceOf(db, '2026-01', 'PRE').lines[0]!.description).toContain('600 prepaid units used, 400 of 1,000 left');
  });

  it('commitment 500.00: March trues up 500 − (50 + 50 + 50) = 350.00 after its minimum', () => {
    const march = invoiceOf(db, '2026-03', 'PRE');
    expect(lineAmounts(march)).toEqual([['usage', '30.00'], ['minimum', '20.00'], ['true_up', '350.00']]);
    expect(march.total).toBe('400.00');
  });

  it('flags the prepaid block running out a month early and a true-up of 70 % of the commitment', () => {
    const findings = (period: string) =>
      (JSON.parse(billingOk(['anomalies', '--period', period, '--json', '--db', db])) as { rule: string; agreement_id: string; message: string }[]).filter(
        (f) => f.agreement_id === 'PRE' && (f.rule === 'prepaid_exhausted_early' || f.rule === 'large_true_up'),
      );
    expect(findings('2026-01')).toEqual([]);
    expect(findings('2026-02').map((f) => [f.rule, f.message])).toEqual([
      ['prepaid_exhausted_early', expect.stringContaining('The 1,000 prepaid sms units of agreement PRE for 2026-01 to 2026-03 ran out in 2026-02, 1 month before the window ends')],
    ]);
    // 350.00 of 500.00 = 70 % > 25 %
    expect(findings('2026-03').map((f) => [f.rule, f.message])).toEqual([['large_true_up', expect.stringContaining('70% of its')]]);
  });

  it('re-rating the middle month of the prepaid and commitment windows, twice, changes nothing', () => {
    const before = ['2026-01', '2026-02', '2026-03'].map((p) => invoiceOf(db, p, 'PRE'));
    rate(db, '2026-02');
    rate(db, '2026-02');
    rate(db, '2026-03');
    const after = ['2026-01', '2026-02', '2026-03'].map((p) => invoiceOf(db, p, 'PRE'));
    expect(after.map(lineAmounts)).toEqual(before.map(lineAmounts));
  });
});

describe('an approved month keeps what it consumed', () => {
  it('late January usage can only use what February left, and March still pays for everything', () => {
    const db = newDb();
    const doc = agreement({
      agreement_id: 'PRE2',
      account_id: 'A4',
      prepaid: [{ metric: 'sms', units: '1000', from: '2026-01', to: '2026-03' }],
      charges: [{ type: 'usage', metric: 'sms', model: 'per_unit', unit_price: '0.10' }],
    });
    importFiles(
      db,
      file('a.json', JSON.stringify([doc])),
      file('u.csv', usageCsv([['A4', 'sms', '600', '2026-01-05T00:00:00Z'], ['A4', 'sms', '600', '2026-02-05T00:00:00Z'], ['A4', 'sms', '300', '2026-03-05T00:00:00Z']])),
    );
    for (const period of ['2026-01', '2026-02', '2026-03']) rate(db, period);
    billingOk(['approve', 'PRE2@2026-02', '--override', 'reviewed by hand', '--db', db]);
    // 300 more January sms arrive: January now has 900 billable; February (approved) keeps its 400,
    // so January may use 1000 − 400 = 600 and pays for 300 × 0.10 = 30.00
    importFiles(db, file('late.csv', usageCsv([['A4', 'sms', '300', '2026-01-20T00:00:00Z']])));
    rate(db, '2026-01');
    expect(lineAmounts(invoiceOf(db, '2026-01', 'PRE2'))).toEqual([['usage', '30.00']]);
    expect(lineAmounts(invoiceOf(db, '2026-02', 'PRE2'))).toEqual([['usage', '20.00']]);
    rate(db, '2026-03');
    // 600 (January) + 400 (February) = 1000 used: March pays for all 300 = 30.00
    expect(lineAmounts(invoiceOf(db, '2026-03', 'PRE2'))).toEqual([['usage', '30.00']]);
  });
});

describe('late usage re-rates the middle month of a window, and the months after it follow', () => {
  it('prepaid: February takes what January left, March what February left; nothing is consumed twice', () => {
    const db = newDb();
    const doc = agreement({
      agreement_id: 'PRE3',
      account_id: 'A5',
      prepaid: [{ metric: 'sms', units: '1000', from: '2026-01', to: '2026-03' }],
      charges: [{ type: 'usage', metric: 'sms', model: 'per_unit', unit_price: '0.10' }],
    });
    importFiles(
      db,
      file('a.json', JSON.stringify([doc])),
      file('u.csv', usageCsv([['A5', 'sms', '600', '2026-01-05T00:00:00Z'], ['A5', 'sms', '300', '2026-02-05T00:00:00Z'], ['A5', 'sms', '300', '2026-03-05T00:00:00Z']])),
    );
    for (const period of ['2026-01', '2026-02', '2026-03']) rate(db, period);
    // Jan 600 prepaid; Feb 300 prepaid (100 left); Mar 100 prepaid + 200 × 0.10 = 20.00
    expect(lineAmounts(invoiceOf(db, '2026-03', 'PRE3'))).toEqual([['usage', '20.00']]);
    // 200 more February sms: the import re-rates February (500 billable, 400 left: pays 100 × 0.10 = 10.00),
    // and March, which now finds 0 left and pays for all 300 = 30.00
    const out = billingOk(['import', file('late.csv', usageCsv([['A5', 'sms', '200', '2026-02-20T00:00:00Z']])), '--db', db]);
    expect(out).toMatch(/Re-rated 2026-02: 1 of 1 draft changed/);
    expect(out).toMatch(/Re-rated 2026-03: 1 of 1 draft changed/);
    expect(lineAmounts(invoiceOf(db, '2026-01', 'PRE3'))).toEqual([['usage', '0.00']]);
    expect(lineAmounts(invoiceOf(db, '2026-02', 'PRE3'))).toEqual([['usage', '10.00']]);
    const march = invoiceOf(db, '2026-03', 'PRE3');
    expect(lineAmounts(march)).toEqual([['usage', '30.00']]);
    expect(march.lines[0]!.description).toBe('SMS (all 1,000 prepaid units for 2026-01 to 2026-03 already used)');
    // rating February by hand again changes nothing anywhere
    rate(db, '2026-02');
    expect(['2026-01', '2026-02', '2026-03'].map((p) => lineAmounts(invoiceOf(db, p, 'PRE3')))).toEqual([[['usage', '0.00']], [['usage', '10.00']], [['usage', '30.00']]]);
  });

  it('commitment: the true-up month follows a late change to a middle month of its window', () => {
    const db = newDb();
    const doc = agreement({
      agreement_id: 'COM',
      account_id: 'A6',
      commitment: { amount: '1000.00', from: '2026-01', to: '2026-03' },
      charges: [
        { type: 'recurring', code: 'platform', amount: '100.00' },
        { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '1.00' },
      ],
    });
    importFiles(db, file('a.json', JSON.stringify([doc])), file('u.csv', usageCsv([['A6', 'api_calls', '50', '2026-02-05T00:00:00Z']])));
    for (const period of ['2026-01', '2026-02', '2026-03']) rate(db, period);
    // 100 + 150 + 100 = 350 billed: March trues up 650.00
    expect(lineAmounts(invoiceOf(db, '2026-03', 'COM'))).toEqual([['recurring', '100.00'], ['true_up', '650.00']]);
    expect(invoiceOf(db, '2026-03', 'COM').lines[1]!.description).toBe('Commitment true-up (committed 1,000.00 for 2026-01 to 2026-03, billed 350.00 so far)');
    // 200 more February calls: February bills 350.00, March's true-up falls to 1000 − 550 = 450.00
    const out = billingOk(['import', file('late.csv', usageCsv([['A6', 'api_calls', '200', '2026-02-20T00:00:00Z']])), '--db', db]);
    expect(out).toMatch(/Re-rated 2026-03: 1 of 1 draft changed/);
    expect(lineAmounts(invoiceOf(db, '2026-02', 'COM'))).toEqual([['recurring', '100.00'], ['usage', '250.00']]);
    expect(lineAmounts(invoiceOf(db, '2026-03', 'COM'))).toEqual([['recurring', '100.00'], ['true_up', '450.00']]);
    // rating the middle month by hand (an adjustment does not count) keeps the true-up as it is
    expect(rate(db, '2026-02')).toContain('Also re-rated 2026-03: their drafts follow it in a prepaid or commitment window.');
    expect(invoiceOf(db, '2026-03', 'COM').total).toBe('550.00');
  });
});

describe('anniversary, half-year and year terms', () => {
  it('bill on the right month, prorated over the term when the agreement cuts it, term usage with included once', () => {
    const db = newDb();
    const docs = [
      agreement({
        agreement_id: 'ANN',
        account_id: 'A7',
        start_date: '2026-02-15',
        charges: [
          { type: 'recurring', code: 'support', amount: '1200.00', interval: 'year', align: 'anniversary' },
          { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.50', included: '100', interval: 'quarter', align: 'anniversary' },
        ],
      }),
      agreement({
        agreement_id: 'HALF',
        account_id: 'A8',
        end_date: '2026-05-20',
        charges: [{ type: 'recurring', code: 'hosting', amount: '600.00', interval: 'half_year', timing: 'arrears' }],
      }),
    ];
    importFiles(
      db,
      file('a.json', JSON.stringify(docs)),
      file(
        'u.csv',
        usageCsv([
          ['A7', 'api_calls', '40', '2026-02-10T00:00:00Z'], // before the start: not billed
          ['A7', 'api_calls', '80', '2026-02-20T00:00:00Z'],
          ['A7', 'api_calls', '50', '2026-03-10T00:00:00Z'],
          ['A7', 'api_calls', '70', '2026-04-30T23:59:59Z'],
          ['A7', 'api_calls', '10', '2026-05-01T00:00:00Z'], // next anniversary quarter (May–July)
        ]),
      ),
    );
    for (const period of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']) rate(db, period);
    // year Feb 2026 – Jan 2027 (365 days), active from Feb 15 (351 days), in advance: 1200 × 351/365 = 1153.97
    const feb = invoiceOf(db, '2026-02', 'ANN');
    expect(feb.lines.map((l) => [l.kind, l.amount, l.description])).toEqual([
      ['recurring', '1153.97', 'Support (year 1 Feb 2026 – 31 Jan 2027, prorated 351/365 days, billed in advance)'],
    ]);
    expect(lineAmounts(invoiceOf(db, '2026-03', 'ANN'))).toEqual([]);
    // quarter Feb–Apr: 80 + 50 + 70 = 200, 100 included once: 100 × 0.50 = 50.00, in April
    expect(invoiceOf(db, '2026-04', 'ANN').lines.map((l) => [l.kind, l.quantity, l.amount])).toEqual([['usage', '100', '50.00']]);
    expect(invoiceOf(db, '2026-04', 'ANN').lines[0]!.description).toContain('quarter 1 Feb 2026 – 30 Apr 2026');
    expect(lineAmounts(invoiceOf(db, '2026-05', 'ANN'))).toEqual([]);
    // half-year Jan–Jun (181 days), the agreement ends May 20 (140 days): 600 × 140/181 = 464.09 on May, its last active month
    for (const p of ['2026-01', '2026-02', '2026-03', '2026-04']) expect(lineAmounts(invoiceOf(db, p, 'HALF'))).toEqual([]);
    expect(invoiceOf(db, '2026-05', 'HALF').lines.map((l) => [l.amount, l.description])).toEqual([
      ['464.09', 'Hosting (half-year 1 Jan 2026 – 30 Jun 2026, prorated 140/181 days, billed in arrears)'],
    ]);
  });
});
