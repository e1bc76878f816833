/** Small pieces several rules share. */
import type { Aggregation } from '../../../../shared/domain';
import { Decimal } from '../../../../shared/money';
import { parsePeriod } from '../../../../shared/period';
import type { Link } from '../data/agreements';
import { periodsBack, type Aggregate } from '../data/usage';
import type { UsagePair } from '../../pair-totals';
import type { DetailValue, Finding, FindingInput, Rule, RuleContext, SourceRef, ThresholdSpec } from '../types';

export const usageRefs = (ids: readonly number[]): SourceRef[] => ids.map((id) => ({ kind: 'usage', id }));
export const hoursRefs = (ids: readonly number[]): SourceRef[] => ids.map((id) => ({ kind: 'hours', id }));
export const agreementRefs = (ids: readonly string[]): SourceRef[] => ids.map((id) => ({ kind: 'agreement', id }));

/** The agreement, invoice and usage line that bill the account's metric this period (nothing when no agreement prices it). */
export function usageLink(ctx: RuleContext, pair: UsagePair): Link {
  const agreements = ctx.data.agreements;
  const owner = agreements.usageOwner(pair.accountId, pair.metric);
  return agreements.link(owner, owner ? agreements.usageChargePosition(owner, pair.metric) : undefined);
}

/** A finding about an account's metric, linked to the agreement, invoice and usage line that bill it (subject: account + metric). */
export function usagePairFinding(
  ctx: RuleContext,
  pair: UsagePair,
  input: Pick<FindingInput, 'message' | 'details' | 'sources' | 'ranges' | 'sourceCount'>,
): Finding {
  return ctx.finding({ subject: [pair.accountId, pair.metric], accountId: pair.accountId, metric: pair.metric, ...usageLink(ctx, pair), ...input });
}

/**
 * usage_spike / usage_drop: the figures of the trend (the whole period makes
 * the figure, so no row is linked: the usage line's provenance has them all).
 */
export function trendFinding(
  ctx: RuleContext,
  pair: UsagePair,
  trend: Trend,
  factor: Decimal,
  ratio: Decimal | null,
  message: string,
  extra: Record<string, DetailValue> = {},
): Finding {
  return usagePairFinding(ctx, pair, {
    message,
    details: {
      aggregation: trend.aggregation,
      value: trend.current.toFixed(),
      mean: trend.mean.toDecimalPlaces(6).toFixed(),
      ratio: ratio ? ratio.toDecimalPlaces(4).toFixed() : null,
      factor: factor.toFixed(),
      history: trend.history.map((h) => ({ period: h.period, value: h.value.toFixed() })),
      ...extra,
    },
    sources: [],
    sourceCount: trend.currentRecords,
  });
}

/** What the aggregate is, for a sentence: "" for sums, " (largest reading)" for max … */
export function aggregationWords(aggregation: Aggregation): string {
  switch (aggregation) {
    case 'sum':
      return '';
    case 'max':
      return ' (largest reading)';
    case 'last':
      return ' (latest reading)';
    case 'count':
      return ' (number of records)';
  }
}

const lookbackMemo = new Map<string, string[]>();

/** P−1 … P−lookback, newest first (memoized: asked once per pair). */
export function lookbackPeriods(periodId: string, lookback: number): string[] {
  const key = `${periodId}/${lookback}`;
  let list = lookbackMemo.get(key);
  if (!list) {
    list = Array.from({ length: lookback }, (_, i) => periodsBack(periodId, i + 1));
    lookbackMemo.set(key, list);
  }
  return list;
}

/** The baseline thresholds usage_spike and usage_drop share (after their own `factor`). */
export const LOOKBACK_THRESHOLDS: Record<'lookback_periods' | 'min_periods', ThresholdSpec> = {
  lookback_periods: { default: '6', integer: true, min: '1', max: '36', description: 'How many previous periods the average looks back over.' },
  min_periods: { default: '2', integer: true, min: '1', max: '36', description: 'How many of those periods must have usage before the rule judges.' },
};

export const validateLookback: NonNullable<Rule['validate']> = (t) =>
  t.min_periods!.gt(t.lookback_periods!) ? 'min_periods cannot be more than lookback_periods' : null;

/** The configured factor, lookback and minimum periods of a spike/drop rule. */
export function trendSettings(ctx: RuleContext): { factor: Decimal; lookback: number; minPeriods: number } {
  return { factor: ctx.threshold('factor'), lookback: ctx.thresholdInt('lookback_periods'), minPeriods: ctx.thresholdInt('min_periods') };
}

export interface Trend {
  aggregation: Aggregation;
  /** this period's aggregate; 0 when there were no records */
  current: Decimal;
  currentRecords: number;
  /** the earlier periods with data, newest first, with their aggregates */
  history: { period: string; value: Decimal }[];
  /** mean of the history */
  mean: Decimal;
  sum: Decimal;
}

/**
 * The pair's aggregate this period against the mean of the up to `lookback`
 * previous periods that have data; null with fewer than `minPeriods` of them.
 * The aggregation is that of the charge billing the metric (sum when none).
 */
export function usageTrend(ctx: RuleContext, pair: UsagePair, lookback: number, minPeriods: number): Trend | null {
  const usage = ctx.data.usage;
  const aggregation = ctx.data.agreements.aggregationOf(pair.accountId, pair.metric);
  const history: { period: string; value: Decimal }[] = [];
  for (const period of lookbackPeriods(ctx.period.id, lookback)) {
    const a = usage.aggregate(pair, period, aggregation);
    if (a) history.push({ period, value: a.value });
  }
  if (history.length < Math.max(1, minPeriods)) return null;
  const current: Aggregate | null = usage.aggregate(pair, ctx.period.id, aggregation);
  const stats = usage.current(pair);
  const sum = history.reduce((s, h) => s.plus(h.value), new Decimal(0));
  return {
    aggregation,
    current: current?.value ?? new Decimal(0),
    currentRecords: stats?.records ?? 0,
    history,
    mean: sum.div(history.length),
    sum,
  };
}

/** "the 6-month average" when every month of the lookback had data, else "the average of the 4 earlier months with usage". */
export function averageWords(trend: Trend, lookback: number): string {
  const n = trend.history.length;
  return n === lookback ? `the ${n}-month average` : `the average of the ${n} earlier months with usage`;
}

export function periodStart(periodId: string): string {
  return parsePeriod(periodId).startTs;
}
