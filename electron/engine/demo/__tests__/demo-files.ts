/**
 * Reading the generated demo files in the demo tests: paths, CSV rows, and
 * which rows are the planted rejects (mirroring import validation).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { parse } from 'csv-parse/sync';
import { type HoursKind } from '../../../../shared/domain';
import { isValidDate, normalizeTimestamp } from '../../../../shared/period';
import { DEMO_PROBLEMS, generateDemo, type GenerateDemoResult } from '../generate-demo';

export const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
export const fileOf = (r: GenerateDemoResult, name: string) => {
  const f = r.files.find((p) => p.endsWith(name));
  if (!f) throw new Error(`no ${name}`);
  return f;
};

export type Row = Record<string, string>;
export const readCsv = (path: string): Row[] => parse<Row>(readFileSync(path), { columns: true, bom: true });
export const readHeader = (path: string): string[] => readFileSync(path, 'utf8').split('\n', 1)[0]?.split(',') ?? [];

// ------------------------------------------------------------------ the CSV files

export const DECIMAL = /^\d+(\.\d+)?$/;
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const usageRejects = DEMO_PROBLEMS.filter((p) => p.kind === 'reject' && p.file === 'usage.csv');
export const hoursRejects = DEMO_PROBLEMS.filter((p) => p.kind === 'reject' && p.file === 'hours.csv');

export interface UsageRec {
  id: string;
  account: string;
  metric: string;
  quantity: string;
  ts: string;
  period: string;
}
export interface HoursRec {
  id: string;
  date: string;
  account: string;
  person: string;
  kind: HoursKind;
  role: string;
  hours: string;
  billable: boolean;
  rate: string;
  notes: string;
}

/** Mirrors import validation closely enough to split the planted rejects from the good rows. */
export function usageRejectReason(r: Row): string | null {
  if (!r.account_id) return 'account_id';
  if (!DECIMAL.test(r.quantity ?? '')) return 'quantity';
  if (normalizeTimestamp(r.timestamp ?? '') === null) return 'timestamp';
  return null;
}
export function hoursRejectReason(r: Row): string | null {
  if (!isValidDate(r.date ?? '')) return 'date';
  if (!r.account_id || !r.person) return 'account_id';
  if (!DECIMAL.test(r.hours ?? '')) return 'hours';
  return null;
}

export interface DemoScratch {
  /** a scratch folder, removed after the test file */
  dir: string;
  /** the default book (seed 42, 100,000 usage rows), generated in dir/main */
  main: GenerateDemoResult;
}

/** The default demo book, generated before a test file's tests into a scratch folder that is removed after them. */
export function generatedDemoBook(): DemoScratch {
  const scratch = { dir: '' } as DemoScratch;
  beforeAll(async () => {
    scratch.dir = mkdtempSync(join(tmpdir(), 'billing-demo-test-'));
    scratch.main = await generateDemo({ outDir: join(scratch.dir, 'main') });
  });
  afterAll(() => rmSync(scratch.dir, { recursive: true, force: true }));
  return scratch;
}
