/**
 * Runs every enabled rule on a period and stores what they find. The bill-run
 * command calls it right after rating, in the same transaction (a nested call
 * runs in a savepoint; called alone it opens its own transaction).
 *
 * Storage keeps review work: a finding's id is its fingerprint, so a finding
 * seen again keeps its status, note and first_seen_at (SQL column created_at) while its message,
 * severity, figures, links and last_seen_at are refreshed. Findings of the
 * period that are not found again become inactive (not deleted: their review
 * history stays).
 */
import type { Sqlite } from '../../../db/open';
import type { Severity } from '../../../shared/domain';
import { parsePeriod } from '../../../shared/period';
import type { JobContext } from '../job-context';
import type { TimeEntry } from '../period-time-entries';
import { DetectionData } from './context';
import { fingerprint } from './fingerprint';
import { RULES } from './rules';
import { readRuleSettings } from './settings';
import type { Finding, Rule, RuleContext, SourceRef } from './types';

export interface DetectResult {
  found: number;
  byRule: Record<string, number>;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The configured severity, raised to the finding's minimum where it has one. */
function atLeast(configured: Severity, minimum: Severity | undefined): Severity {
  return minimum !== undefined && RANK[minimum] > RANK[configured] ? minimum : configured;
}

function ruleContext(rule: Rule, data: DetectionData, settings: ReturnType<typeof readRuleSettings>): RuleContext {
  const own = settings.get(rule.id)!;
  return {
    period: data.period,
    data,
    threshold(name) {
      const value = own.thresholds[name];
      if (value === undefined) throw new Error(`rule ${rule.id} has no threshold ${name}`);
      return value;
    },
    thresholdInt(name) {
      // Counting thresholds (periods) are validated whole numbers: Number is only a count here.
      return this.threshold(name).toNumber();
    },
    finding(input) {
      const sources = [...(input.sources ?? [])];
      const ranges = [...(input.ranges ?? [])];
      const named = sources.length + ranges.reduce((n, r) => n + r.records, 0);
      return {
        id: fingerprint(data.period.id, rule.id, input.subject),
        rule: rule.id,
        severity: atLeast(own.severity, input.minSeverity),
        message: input.message,
        accountId: input.accountId ?? null,
        agreementId: input.agreementId ?? null,
        invoiceId: input.invoiceId ?? null,
        lineId: input.lineId ?? null,
        person: input.person ?? null,
        metric: input.metric ?? null,
        details: { ...(input.details ?? {}), source_count: input.sourceCount ?? named },
        sources,
        ranges,
      };
    },
  };
}

export interface DetectOptions {
  /** the period's time entries when the caller read them already (a bill run reads them once for rating and detection) */
  timeEntries?: readonly TimeEntry[];
}

/** Whether a finding's stored rows are the ones it names now (a new finding has none stored: nothing to compare). */
function sameSources(stored: readonly [string, string][], sources: readonly SourceRef[]): boolean {
  if (stored.length === 0) return sources.length === 0;
  const named = new Set(sources.map((s) => `${s.kind}\u0000${s.id}`));
  return stored.length === named.size && stored.every(([kind, id]) => named.has(`${kind}\u0000${id}`));
}

/** Runs the enabled rules without storing anything: the findings, superseded ones removed, in registry order. */
export function findAnomalies(sqlite: Sqlite, periodId: string, ctx?: JobContext, options: DetectOptions = {}): Finding[] {
  const period = parsePeriod(periodId);
  const settings = readRuleSettings(sqlite);
  const data = new DetectionData(sqlite, period, options.timeEntries);
  const enabled = RULES.filter((r) => settings.get(r.id)!.enabled);
  const byRule = new Map<string, Finding[]>();
  enabled.forEach((rule, index) => {
    ctx?.checkCancelled();
    ctx?.progress('Checking for anomalies', index, enabled.length);
    byRule.set(rule.id, rule.detect(ruleContext(rule, data, settings)));
  });
  ctx?.progress('Checking for anomalies', enabled.length, enabled.length);

  const all: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of enabled) {
    for (const f of byRule.get(rule.id)!) {
      const superseded = (rule.supersededBy ?? []).some(({ rule: other, keys }) =>
        (byRule.get(other) ?? []).some((o) => keys.every((k) => o[k] !== null && o[k] === f[k])),
      );
      if (superseded || seen.has(f.id)) continue;
      seen.add(f.id);
      all.push(f);
    }
  }
  return all;
}

/**
 * Detects the period's anomalies and stores them (see the file comment).
 * Returns how many were found, in all and per enabled rule.
 */
export function detectAnomalies(sqlite: Sqlite, periodId: string, ctx: JobContext, options: DetectOptions = {}): DetectResult {
  return sqlite.transaction(() => {
    const findings = findAnomalies(sqlite, periodId, ctx, options);
    ctx.checkCancelled();
    const now = new Date().toISOString();
    sqlite.prepare('UPDATE anomalies SET active = 0 WHERE period = ? AND active').run(periodId);
    const upsert = sqlite.prepare(
      `INSERT INTO anomalies (id, period, rule, severity, message, status, status_note, active, account_id, agreement_id, invoice_id,
                              line_id, person, metric, details, created_at, last_seen_at)
       VALUES (@id, @period, @rule, @severity, @message, 'open', NULL, 1, @accountId, @agreementId, @invoiceId,
               @lineId, @person, @metric, @details, @now, @now)
       ON CONFLICT(id) DO UPDATE SET
         severity = excluded.severity, message = excluded.message, active = 1,
         account_id = excluded.account_id, agreement_id = excluded.agreement_id, invoice_id = excluded.invoice_id,
         line_id = excluded.line_id, person = excluded.person, metric = excluded.metric,
         details = excluded.details, last_seen_at = excluded.last_seen_at`,
    );
    const storedSources = sqlite.prepare('SELECT source_kind, source_id FROM anomaly_sources WHERE anomaly_id = ?').raw();
    const clearSources = sqlite.prepare('DELETE FROM anomaly_sources WHERE anomaly_id = ?');
    const insertSource = sqlite.prepare('INSERT OR IGNORE INTO anomaly_sources (anomaly_id, source_kind, source_id) VALUES (?, ?, ?)');
    const clearRanges = sqlite.prepare('DELETE FROM anomaly_source_ranges WHERE anomaly_id = ?');
    const insertRange = sqlite.prepare(
      `INSERT INTO anomaly_source_ranges (anomaly_id, account_id, metric, ts_from, ts_to, after_usage_id, max_usage_id, above_scaled, records)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const byRule: Record<string, number> = {};
    const settings = readRuleSettings(sqlite);
    for (const rule of RULES) if (settings.get(rule.id)!.enabled) byRule[rule.id] = 0;
    for (const f of findings) {
      upsert.run({
        id: f.id,
        period: periodId,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        accountId: f.accountId,
        agreementId: f.agreementId,
        invoiceId: f.invoiceId,
        lineId: f.lineId,
        person: f.person,
        metric: f.metric,
        details: JSON.stringify(f.details),
        now,
      });
      // A finding seen again usually names the same rows: rewriting them (100 per duplicate group) was most of the
      // store's time on a re-run, so they are rewritten only when they differ.
      if (!sameSources(storedSources.all(f.id) as [string, string][], f.sources)) {
        clearSources.run(f.id);
        for (const s of f.sources) insertSource.run(f.id, s.kind, String(s.id));
      }
      clearRanges.run(f.id);
      for (const r of f.ranges) insertRange.run(f.id, r.accountId, r.metric, r.from, r.to, r.afterId, r.maxId, r.aboveScaled, r.records);
      byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    }
    return { found: findings.length, byRule };
  })();
}
