/**
 * What changed between two bill runs of a period, and why (`billing diff`,
 * `runs.diff`, change-control.md). Figures come from the runs themselves
 * (bill_run_invoices), so a diff between old runs stays what it was; causes
 * come from comparing the runs' inputs:
 * - import batches that stood in one run and not the other: rows added (counted
 *   per account from the rows, with their line range) or removed (an undone
 *   import's rows are gone, so its count is the batch's);
 * - the agreement version each run rated the invoice with, and the fields that differ;
 * - the stored rule settings, for invoices whose findings changed;
 * - the period's adjustments of the invoice's agreement;
 * - reviewer corrections active in one run and not the other: a row of the
 *   invoice's account excluded or included again, a quantity override of its
 *   agreement set, changed or removed;
 * - the invoice's status (approved or finalized between the runs).
 */
import { usageRowsOfBatch } from '../import/batch-rows';
import type { Sqlite } from '../../../db/open';
import type { Agreement } from '../../../shared/domain';
import { parsePeriod } from '../../../shared/period';
import type { BillRun, InvoiceRunDiff, RunCause, RunDiff } from '../../../shared/api';
import { NotFoundError } from '../errors';
import { agreementChanges, describeChanges } from '../import/agreement-changes';
import { listRuns } from './list-runs';
import type { RunInputs } from './record-bill-run';
import { atSql } from '../usage-time';

interface RunInvoice {
  invoice_id: string;
  agreement_id: string;
  agreement_version: number | null;
  status: string;
  currency: string;
  total: string;
  amount_due: string;
  lines: string;
  anomalies: string;
}

interface BatchInfo {
  id: number;
  file_name: string;
  kind: 'usage' | 'hours' | 'agreements' | 'usage_rollup';
  imported: number;
}

type LineFigures = { quantity: string; amount: string };

function runInvoices(sqlite: Sqlite, runId: number | null): Map<string, RunInvoice> {
  if (runId === null) return new Map();
  const rows = sqlite.prepare('SELECT * FROM bill_run_invoices WHERE run_id = ?').all(runId) as RunInvoice[];
  return new Map(rows.map((r) => [r.invoice_id, r]));
}

function runInputs(sqlite: Sqlite, run: BillRun | null): RunInputs & { corrections: number[] } {
  if (run === null) return { batches: [], rules: {}, adjustments: [], corrections: [] };
  const inputs = JSON.parse(sqlite.prepare('SELECT inputs FROM bill_runs WHERE id = ?').pluck().get(run.run_id) as string) as RunInputs;
  // A run recorded before corrections were among its inputs: those made by its time and not removed by then.
  const corrections =
    inputs.corrections ??
    (sqlite
      .prepare('SELECT c.id FROM corrections c JOIN bill_runs r ON r.id = ? WHERE c.period = r.period AND c.created_at <= r.at AND (c.removed_at IS NULL OR c.removed_at > r.at) ORDER BY c.id')
      .pluck()
      .all(run.run_id) as number[]);
  return { ...inputs, corrections };
}

interface CorrectionRow {
  id: number;
  kind: 'exclude_row' | 'override_quantity';
  source_kind: 'usage' | 'hours' | null;
  source_id: number | null;
  agreement_id: string | null;
  charge_position: number | null;
  code: string | null;
  quantity: string | null;
  reason: string;
  actor: string;
  removed_by: string | null;
  removed_reason: string | null;
  /** the row's account, file and line (null once its import was undone) */
  account_id: string | null;
  file: string | null;
  line: number | null;
}

/**
 * The causes of reviewer corrections between two runs, per agreement and
 * account: rows excluded (active after, not before) or included again (the
 * other way), and each (agreement, charge) whose overriding quantity differs.
 */
function correctionCauses(sqlite: Sqlite, before: readonly number[], after: readonly number[]) {
  const ids = [...new Set([...before, ...after])];
  const rows = new Map<number, CorrectionRow>();
  // The stored tables, not the usage_records view: SQLite materializes a view on the right of a LEFT JOIN (1.2 s per
  // correction on a million-row book).
  const read = sqlite.prepare(
    `SELECT c.id, c.kind, c.source_kind, c.source_id, c.agreement_id, c.charge_position, c.code, c.quantity, c.reason, c.actor, c.removed_by, c.removed_reason,
            coalesce(us.account_id, t.account_id) AS account_id, coalesce(bu.file_name, bt.file_name) AS file, coalesce(u.line, t.line) AS line
       FROM corrections c
       LEFT JOIN usage_rows u ON c.source_kind = 'usage' AND u.id = c.source_id LEFT JOIN usage_series us ON us.id = u.series_id
       LEFT JOIN import_batches bu ON bu.id = u.batch_id
       LEFT JOIN time_entries t ON c.source_kind = 'hours' AND t.id = c.source_id LEFT JOIN import_batches bt ON bt.id = t.batch_id
      WHERE c.id = ?`,
  );
  for (const id of ids) {
    const row = read.get(id) as CorrectionRow | undefined;
    if (row) rows.set(id, row);
  }
  const wasActive = new Set(before);
  const isActive = new Set(after);
  const exclusions: { accountId: string | null; cause: RunCause }[] = [];
  for (const id of ids.sort((x, y) => x - y)) {
    const c = rows.get(id);
    if (!c || c.kind !== 'exclude_row' || wasActive.has(id) === isActive.has(id)) continue;
    const excluded = isActive.has(id);
    const actor = excluded ? c.actor : (c.removed_by ?? c.actor);
    const reason = excluded ? c.reason : (c.removed_reason ?? '');
    const where = c.file !== null ? ` (${c.file} line ${c.line})` : '';
    exclusions.push({
      accountId: c.account_id,
      cause: {
        kind: 'row_excluded', correction_id: id, change: excluded ? 'excluded' : 'included', source_kind: c.source_kind!, source_id: c.source_id!, file: c.file, line: c.line, actor, reason,
        text: `${c.source_kind} row ${c.source_id}${where} ${excluded ? 'excluded from billing' : 'included in billing again'} by ${actor}${reason ? `: ${reason}` : ''}`,
      },
    });
  }
  // Overrides: the active one of each (agreement, charge) in each run.
  const overrides = new Map<string, { agreementId: string; before?: CorrectionRow; after?: CorrectionRow }>();
  for (const [side, list] of [['before', before], ['after', after]] as const) {
    for (const id of list) {
      const c = rows.get(id);
      if (!c || c.kind !== 'override_quantity') continue;
      const key = `${c.agreement_id}\u0000${c.charge_position}`;
      const entry = overrides.get(key) ?? { agreementId: c.agreement_id! };
      entry[side] = c;
      overrides.set(key, entry);
    }
  }
  const overrideList: { agreementId: string; id: number; cause: RunCause }[] = [];
  for (const { agreementId, before: was, after: now } of overrides.values()) {
    if (was?.id === now?.id) continue;
    const c = (now ?? was)!;
    const actor = now ? now.actor : (was!.removed_by ?? was!.actor);
    const reason = now ? now.reason : (was!.removed_reason ?? '');
    const from = was?.quantity ?? null;
    const to = now?.quantity ?? null;
    const what = to === null ? `quantity override of ${c.code} (${from}) removed` : from === null ? `quantity of ${c.code} overridden to ${to}` : `quantity override of ${c.code} changed ${from} → ${to}`;
    overrideList.push({
      agreementId,
      id: c.id,
      cause: { kind: 'quantity_override', correction_id: c.id, code: c.code ?? '', before: from, after: to, actor, reason, text: `${what} by ${actor}${reason ? `: ${reason}` : ''}` },
    });
  }
  overrideList.sort((a, b) => a.id - b.id);
  return (agreementId: string, accountId: string | undefined): RunCause[] => [
    ...exclusions.filter((e) => accountId !== undefined && e.accountId === accountId).map((e) => e.cause),
    ...overrideList.filter((o) => o.agreementId === agreementId).map((o) => o.cause),
  ];
}

/** Lines keyed by code; a code that repeats (tiers of one charge) is keyed `code (2)`, `code (3)`… in line order. */
function linesByCode(row: RunInvoice | undefined): Map<string, LineFigures> {
  const out = new Map<string, LineFigures>();
  if (!row) return out;
  for (const [code, quantity, amount] of JSON.parse(row.lines) as [string, string, string][]) {
    let key = code;
    for (let n = 2; out.has(key); n++) key = `${code} (${n})`;
    out.set(key, { quantity, amount });
  }
  return out;
}

function sameLine(a: LineFigures | undefined, b: LineFigures | undefined): boolean {
  return a?.quantity === b?.quantity && a?.amount === b?.amount;
}

/** Flattens stored rule settings to `rule.enabled`, `rule.severity`, `rule.thresholds.name`. */
function flattenRules(rules: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(prefix ? `${prefix}.${key}` : key, inner);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out.set(prefix, String(value));
    }
  };
  walk('', rules);
  return out;
}

function ruleCauses(before: RunInputs, after: RunInputs): RunCause[] {
  const a = flattenRules(before.rules);
  const b = flattenRules(after.rules);
  return [...new Set([...a.keys(), ...b.keys()])]
    .sort()
    .filter((key) => a.get(key) !== b.get(key))
    .map((key) => {
      const [rule = key, ...rest] = key.split('.');
      const setting = rest.join('.');
      const from = a.get(key) ?? null;
      const to = b.get(key) ?? null;
      return { kind: 'rule_setting', rule, setting, before: from, after: to, text: `rule ${rule}: ${setting} ${from ?? 'default'} → ${to ?? 'default'}` };
    });
}

function pickRuns(runs: BillRun[], period: string, from?: number, to?: number): { from: BillRun | null; to: BillRun | null } {
  const find = (id: number) => {
    const run = runs.find((r) => r.run_id === id);
    if (!run) throw new NotFoundError(`Run ${id} is not a bill run of ${period}; \`billing runs --period ${period}\` lists them.`);
    return run;
  };
  const toRun = to !== undefined ? find(to) : (runs.at(-1) ?? null);
  if (from !== undefined) return { from: find(from), to: toRun };
  if (!toRun) return { from: null, to: null };
  const before = runs.filter((r) => r.run_id < toRun.run_id);
  return { from: before.at(-1) ?? null, to: toRun };
}

export function diffRuns(sqlite: Sqlite, period: string, from?: number, to?: number, only?: string): RunDiff {
  const picked = pickRuns(listRuns(sqlite, period), period, from, to);
  const before = runInvoices(sqlite, picked.from?.run_id ?? null);
  const after = runInvoices(sqlite, picked.to?.run_id ?? null);
  const inputsBefore = runInputs(sqlite, picked.from);
  const inputsAfter = runInputs(sqlite, picked.to);
  const causes = causeFinder(sqlite, period, inputsBefore, inputsAfter);

  const ids = [...new Set([...before.keys(), ...after.keys()])].filter((id) => only === undefined || id === only).sort();
  const invoices: InvoiceRunDiff[] = [];
  for (const id of ids) {
    const b = before.get(id);
    const a = after.get(id);
    const linesBefore = linesByCode(b);
    const linesAfter = linesByCode(a);
    const lines = [...new Set([...linesBefore.keys(), ...linesAfter.keys()])]
      .filter((code) => !sameLine(linesBefore.get(code), linesAfter.get(code)))
      .map((code) => ({ code, before: linesBefore.get(code) ?? null, after: linesAfter.get(code) ?? null }));
    const anomaliesBefore = b ? (JSON.parse(b.anomalies) as string[]) : [];
    const anomaliesAfter = a ? (JSON.parse(a.anomalies) as string[]) : [];
    const findingsChanged = anomaliesBefore.join() !== anomaliesAfter.join();
    const figuresChanged = b?.total !== a?.total || b?.amount_due !== a?.amount_due || b?.status !== a?.status;
    const versionChanged = (b?.agreement_version ?? null) !== (a?.agreement_version ?? null);
    if (!figuresChanged && lines.length === 0 && !findingsChanged && !versionChanged) continue;
    const figures = (r: RunInvoice | undefined) => (r ? { total: r.total, amount_due: r.amount_due, status: r.status, currency: r.currency } : null);
    const row = (a ?? b)!;
    invoices.push({
      invoice_id: id,
      agreement_id: row.agreement_id,
      before: figures(b),
      after: figures(a),
      versions: { before: b?.agreement_version ?? null, after: a?.agreement_version ?? null },
      lines,
      anomalies: { before: anomaliesBefore, after: anomaliesAfter },
      causes: causes({
        agreementId: row.agreement_id,
        versionBefore: b?.agreement_version ?? null,
        versionAfter: a?.agreement_version ?? null,
        statusBefore: b?.status ?? null,
        statusAfter: a?.status ?? null,
        quantitiesChanged: lines.some((l) => l.before?.quantity !== l.after?.quantity),
        findingsChanged,
      }),
    });
  }
  return { period, from: picked.from, to: picked.to, invoices };
}

interface InvoiceChange {
  agreementId: string;
  versionBefore: number | null;
  versionAfter: number | null;
  statusBefore: string | null;
  statusAfter: string | null;
  quantitiesChanged: boolean;
  findingsChanged: boolean;
}

/** Everything the causes need that is the same for every invoice of the diff, read once. */
function causeFinder(sqlite: Sqlite, period: string, before: RunInputs & { corrections: number[] }, after: RunInputs & { corrections: number[] }) {
  const p = parsePeriod(period);
  const batch = sqlite.prepare('SELECT id, file_name, kind, imported FROM import_batches WHERE id = ?');
  const batches = (ids: number[]) => ids.map((id) => batch.get(id) as BatchInfo | undefined).filter((b): b is BatchInfo => b !== undefined && b.kind !== 'agreements');
  const standBefore = new Set(before.batches);
  const standAfter = new Set(after.batches);
  const added = batches(after.batches.filter((id) => !standBefore.has(id)));
  const removed = batches(before.batches.filter((id) => !standAfter.has(id)));

  // Rows of each added batch in the period, per account: one grouped query per batch (its index).
  const addedRows = added.map((b) => {
    const sql =
      b.kind === 'usage'
        ? `SELECT account_id, count(*) AS n, min(line) AS lo, max(line) AS hi FROM usage_records WHERE ${usageRowsOfBatch('@batch')} AND at >= ${atSql('@from')} AND at < ${atSql('@to')} GROUP BY account_id`
        : b.kind === 'usage_rollup'
          ? 'SELECT account_id, count(*) AS n, min(line) AS lo, max(line) AS hi FROM usage_rollups WHERE batch_id = @batch AND day >= @from AND day <= @to GROUP BY account_id'
          : 'SELECT account_id, count(*) AS n, min(line) AS lo, max(line) AS hi FROM time_entries WHERE batch_id = @batch AND date >= @from AND date <= @to GROUP BY account_id';
    const [from, to] = b.kind === 'usage' ? [p.startTs, p.endTs] : [p.first, p.last];
    const rows = sqlite.prepare(sql).all({ batch: b.id, from, to }) as { account_id: string; n: number; lo: number; hi: number }[];
    return { batch: b, perAccount: new Map(rows.map((r) => [r.account_id, r])) };
  });
  const rules = ruleCauses(before, after);
  const accountOf = sqlite.prepare('SELECT account_id FROM agreements WHERE id = ?').pluck();
  const version = sqlite.prepare(
    'SELECT v.document, v.batch_id, b.file_name FROM agreement_versions v JOIN import_batches b ON b.id = v.batch_id WHERE v.agreement_id = ? AND v.version = ?',
  );
  const adjustmentsBefore = new Map(before.adjustments.map((a) => [a.id, a]));
  const adjustmentsAfter = new Map(after.adjustments.map((a) => [a.id, a]));
  const corrections = correctionCauses(sqlite, before.corrections, after.corrections);

  return (change: InvoiceChange): RunCause[] => {
    const out: RunCause[] = [];
    const account = accountOf.get(change.agreementId) as string | undefined;
    for (const { batch: b, perAccount } of addedRows) {
      const rows = account === undefined ? undefined : perAccount.get(account);
      if (!rows) continue;
      const kind = b.kind === 'usage_rollup' ? 'usage' : (b.kind as 'usage' | 'hours');
      const what = b.kind === 'usage_rollup' ? 'usage rollup' : kind;
      out.push({
        kind: 'rows_added', batch_id: b.id, file: b.file_name, source_kind: kind, rows: rows.n, first_line: rows.lo, last_line: rows.hi,
        text: `import ${b.id} (${b.file_name}) added ${rows.n} ${what} ${rows.n === 1 ? 'row' : 'rows'} for ${account} (lines ${rows.lo}–${rows.hi})`,
      });
    }
    if (change.quantitiesChanged) {
      for (const b of removed) {
        const kind = b.kind === 'usage_rollup' ? 'usage' : (b.kind as 'usage' | 'hours');
        const what = b.kind === 'usage_rollup' ? 'usage rollup' : b.kind;
        out.push({ kind: 'rows_removed', batch_id: b.id, file: b.file_name, source_kind: kind, rows: b.imported, text: `import ${b.id} (${b.file_name}) was undone: its ${b.imported} ${what} rows left` });
      }
    }
    if (change.versionBefore !== change.versionAfter) {
      const from = change.versionBefore === null ? undefined : (version.get(change.agreementId, change.versionBefore) as { document: string } | undefined);
      const to = change.versionAfter === null ? undefined : (version.get(change.agreementId, change.versionAfter) as { document: string; batch_id: number; file_name: string } | undefined);
      const changes = from && to ? agreementChanges(JSON.parse(from.document) as Agreement, JSON.parse(to.document) as Agreement) : [];
      const source = to ? ` (import ${to.batch_id}, ${to.file_name})` : '';
      out.push({
        kind: 'agreement_version', agreement_id: change.agreementId, from_version: change.versionBefore, to_version: change.versionAfter,
        batch_id: to?.batch_id ?? null, file: to?.file_name ?? null, changes,
        text: `agreement ${change.agreementId} version ${change.versionBefore ?? 'none'} → ${change.versionAfter ?? 'none'}${source}${changes.length ? `: ${describeChanges(changes)}` : ''}`,
      });
    }
    if (change.findingsChanged) out.push(...rules);
    for (const id of [...new Set([...adjustmentsBefore.keys(), ...adjustmentsAfter.keys()])].sort((x, y) => x - y)) {
      const was = adjustmentsBefore.get(id);
      const now = adjustmentsAfter.get(id);
      const adjustment = now ?? was!;
      if ((was && now) || adjustment.agreement_id !== change.agreementId) continue;
      const how = now ? 'added' : 'removed';
      out.push({
        kind: 'adjustment', adjustment_id: id, change: how, description: adjustment.description, amount: adjustment.amount,
        text: `adjustment ${id} ${how}: ${adjustment.description} ${adjustment.amount}`,
      });
    }
    out.push(...corrections(change.agreementId, account));
    if (change.statusBefore && change.statusAfter && change.statusBefore !== change.statusAfter) {
      out.push({ kind: 'status', before: change.statusBefore, after: change.statusAfter, text: `status ${change.statusBefore} → ${change.statusAfter}` });
    }
    return out;
  };
}
