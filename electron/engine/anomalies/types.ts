/**
 * The shape of the anomaly engine: a rule is one small module (rules/<id>.ts)
 * that looks at one billing period through a RuleContext and returns findings.
 * detect.ts runs the enabled rules and stores what they find.
 */
import type { Severity } from '../../../shared/domain';
import type { Decimal } from '../../../shared/money';
import type { Period } from '../../../shared/period';
import type { DetectionData } from './context';
import type { UsageRange } from './usage-range';

export type SourceKind = 'usage' | 'hours' | 'agreement';

/** A source row a finding was computed from: a usage record or time entry (row id), or an agreement (agreement id). */
export interface SourceRef {
  kind: SourceKind;
  id: string | number;
}

/** Plain JSON values; decimals are exact plain strings ("1240000", "3.5"), counts are numbers. */
export type DetailValue = string | number | boolean | null | DetailValue[] | { [key: string]: DetailValue };

export interface Finding {
  /** fingerprint: sha256 of (period, rule, subject keys), so re-running finds the same id */
  id: string;
  rule: string;
  severity: Severity;
  /** one sentence a finance person understands, with numbers */
  message: string;
  accountId: string | null;
  agreementId: string | null;
  invoiceId: string | null;
  lineId: number | null;
  person: string | null;
  metric: string | null;
  details: Record<string, DetailValue>;
  /** source rows named one by one (time entries, agreements, duplicate groups …) */
  sources: SourceRef[];
  /** usage records named as ranges (a whole unbilled feed is one range, not a million ids) */
  ranges: UsageRange[];
}

/** What a rule gives ctx.finding(); rule, severity and id are filled in. */
export interface FindingInput {
  /** the keys that identify what the finding is about (account, metric, person, date …); the fingerprint hashes them */
  subject: readonly (string | number | null)[];
  message: string;
  accountId?: string | null;
  agreementId?: string | null;
  invoiceId?: string | null;
  lineId?: number | null;
  person?: string | null;
  metric?: string | null;
  details?: Record<string, DetailValue>;
  sources?: readonly SourceRef[];
  ranges?: readonly UsageRange[];
  /** how many source rows there are in all, when `sources` and `ranges` do not name them all (usage_spike: the whole period) */
  sourceCount?: number;
  /**
   * The least severity this finding can have whatever the rule is configured
   * to (agreement_incomplete's unknown currency is always an error: such an
   * invoice cannot be sent).
   */
  minSeverity?: Severity;
}

export interface ThresholdSpec {
  /** exact decimal string */
  default: string;
  /** one sentence for the settings page */
  description: string;
  /** whole numbers only (counts of periods) */
  integer?: boolean;
  /** inclusive bounds, exact decimal strings */
  min?: string;
  max?: string;
}

export interface RuleContext {
  period: Period;
  /** shared, lazily computed data of the period (agreements, ownership, usage aggregates, hours) */
  data: DetectionData;
  /** the configured value of one of the rule's thresholds */
  threshold(name: string): Decimal;
  /** the same, for an integer threshold */
  thresholdInt(name: string): number;
  /** builds a finding of this rule: fills rule, configured severity, fingerprint id */
  finding(input: FindingInput): Finding;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** one sentence for the settings page */
  description: string;
  thresholds: Record<string, ThresholdSpec>;
  /**
   * A finding of this rule is dropped when a finding of one of these rules has
   * the same values for the given keys (the other finding names the cause).
   */
  supersededBy?: readonly { rule: string; keys: readonly ('accountId' | 'metric' | 'agreementId' | 'person')[] }[];
  /** extra validation across thresholds; returns a reason when invalid */
  validate?(thresholds: Readonly<Record<string, Decimal>>): string | null;
  detect(ctx: RuleContext): Finding[];
}
