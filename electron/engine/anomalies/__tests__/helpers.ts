/**
 * Test helpers: a real SQLite file in a temp folder, fed through the real
 * import (JSON agreements, CSV usage and hours), rated with billPeriod (rating and detection), then
 * checked with detectAnomalies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Opened } from '../../../../db/open';
import type { Sqlite } from '../../../../db/open';
import { importFiles } from '../../import/import-files';
import { createJobContext } from '../../job-context';
import { billPeriod } from '../../commands/rate-period';
import { detectAnomalies, type DetectResult } from '../detect';
import { listAnomalyRecords, type AnomalyRecord } from '../review';

export const ctx = () => createJobContext({ actor: 'test' });

export type AgreementInput = Record<string, unknown> & { agreement_id: string; account_id: string };

/** A complete agreement (PO, bill-to, owner, ISO currency) with a 1,000 recurring fee unless charges are given. */
export function agreement(fields: AgreementInput): Record<string, unknown> {
  return {
    currency: 'USD',
    start_date: '2025-01-01',
    end_date: null,
    owner: 'Dana Lee',
    po_number: `PO-${fields.agreement_id}`,
    bill_to: `${fields.account_id} Ltd\n1 Main St`,
    charges: [{ type: 'recurring', code: 'platform', amount: '1000.00' }],
    ...fields,
  };
}

export interface UsageInput {
  account: string;
  metric: string;
  ts: string;
  quantity: string;
  /** event id; generated when absent, null for none */
  id?: string | null;
}

export interface HoursInput {
  account: string;
  person: string;
  date: string;
  kind?: 'professional_services' | 'support';
  role?: string;
  hours: string;
  billable?: boolean;
  rate?: string;
  id?: string | null;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export class TestBook {
  readonly dir: string;
  readonly opened: Opened;
  private files = 0;
  private ids = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'billing-anomalies-'));
    this.opened = openDatabase(join(this.dir, 'book.db'));
  }

  get sqlite(): Sqlite {
    return this.opened.sqlite;
  }

  private async importText(name: string, text: string): Promise<number> {
    const path = join(this.dir, `${++this.files}-${name}`);
    writeFileSync(path, text);
    const { files: [result] } = await importFiles(this.sqlite, { files: [{ path }] }, ctx());
    if (!result || result.rejected > 0) throw new Error(`test data rejected: ${JSON.stringify(result)}`);
    return result.batchId ?? 0;
  }

  async agreements(...docs: Record<string, unknown>[]): Promise<number> {
    return this.importText('agreements.json', JSON.stringify(docs));
  }

  async usage(rows: readonly UsageInput[]): Promise<number> {
    const lines = ['event_id,account_id,metric,quantity,timestamp'];
    for (const r of rows) {
      const id = r.id === undefined ? `u${++this.ids}` : (r.id ?? '');
      lines.push([id, r.account, r.metric, r.quantity, r.ts].map(csvCell).join(','));
    }
    return this.importText('usage.csv', `${lines.join('\n')}\n`);
  }

  async hours(rows: readonly HoursInput[]): Promise<number> {
    const lines = ['entry_id,date,account_id,person,kind,role,hours,billable,rate'];
    for (const r of rows) {
      const id = r.id === undefined ? `h${++this.ids}` : (r.id ?? '');
      lines.push(
        [id, r.date, r.account, r.person, r.kind ?? 'professional_services', r.role ?? '', r.hours, r.billable === false ? 'false' : 'true', r.rate ?? '']
          .map(csvCell)
          .join(','),
      );
    }
    return this.importText('hours.csv', `${lines.join('\n')}\n`);
  }

  rate(...periods: string[]): void {
    for (const p of periods) billPeriod(this.sqlite, p, ctx());
  }

  detect(period: string): DetectResult {
    return detectAnomalies(this.sqlite, period, ctx());
  }

  /** Rates the periods in order, detects the last one, and returns its active anomalies. */
  rateAndDetect(...periods: string[]): AnomalyRecord[] {
    this.rate(...periods);
    const last = periods.at(-1)!;
    this.detect(last);
    return this.anomalies(last);
  }

  anomalies(period: string, rule?: string): AnomalyRecord[] {
    return listAnomalyRecords(this.sqlite, period).filter((a) => rule === undefined || a.rule === rule);
  }

  close(): void {
    this.opened.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One record per month on the 10th at noon. */
export function monthly(account: string, metric: string, values: Record<string, string>): UsageInput[] {
  return Object.entries(values).map(([period, quantity]) => ({ account, metric, ts: `${period}-10T12:00:00Z`, quantity }));
}

/** Periods from `first` for `count` months. */
export function periods(first: string, count: number): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** rule → sorted "account|agreement|person|metric" keys, for exact set comparisons. */
export function keysOf(records: readonly AnomalyRecord[]): string[] {
  return records.map((a) => `${a.rule}:${a.account_id ?? '-'}:${a.metric ?? a.person ?? '-'}`).sort();
}
