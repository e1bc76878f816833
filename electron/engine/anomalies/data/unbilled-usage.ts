/**
 * The period's usage that no invoice bills. A record is billed when a usage
 * span of its account and metric covers its timestamp and it existed when
 * that span was rated (id <= max_usage_id). The period is cut into pieces at
 * every span boundary and every day an agreement of the account had ended
 * with none active, and each piece is counted with one range query; the
 * pieces are the finding's source ranges, so no record id is read here.
 */
import { pairKey } from '../../pair-totals';
import type { AgreementData, AgreementInfo } from './agreements';
import { pendingTermSpans } from './pending-terms';
import type { UsagePair } from '../../pair-totals';
import type { UsageData, UsageSlice } from './usage';

export interface UnbilledUsage {
  pair: UsagePair;
  /** records no billed span covers (and not after an agreement ended) */
  uncovered: UsageSlice | null;
  /** records inside a billed span but imported after that invoice was rated */
  late: UsageSlice | null;
  /** records dated after the account's agreement ended while no other agreement was active, by that agreement */
  afterEnd: { agreement: AgreementInfo; slice: UsageSlice }[];
}

export function findUnbilledUsage(usage: UsageData, agreements: AgreementData): UnbilledUsage[] {
const period = usage.period;
  const spans = new Map<string, { from: string; to: string; maxId: number }[]>();
  const spanRows = usage.sqlite
    .prepare('SELECT account_id, metric, ts_from, ts_to, max_usage_id FROM usage_spans WHERE ts_to > ? AND ts_from < ?')
    .raw()
    .all(period.startTs, period.endTs) as [string, string, string, string, number][];
  for (const [account, metric, from, to, maxId] of spanRows) {
    const key = pairKey(account, metric);
    const list = spans.get(key) ?? [];
    list.push({ from: from < period.startTs ? period.startTs : from, to: to > period.endTs ? period.endTs : to, maxId });
    spans.set(key, list);
  }

  const out: UnbilledUsage[] = [];
  const afterEndByAccount = new Map<string, ReturnType<AgreementData['afterEndRanges']>>();
  for (const pair of usage.periodPairs) {
    const pairSpans = [...(spans.get(pairKey(pair.accountId, pair.metric)) ?? []), ...pendingTermSpans(agreements, pair.accountId, pair.metric, period)];
    let afterEnd = afterEndByAccount.get(pair.accountId);
    if (!afterEnd) {
      afterEnd = agreements.afterEndRanges(pair.accountId);
      afterEndByAccount.set(pair.accountId, afterEnd);
    }
    const result = unbilledOfPair(usage, pair, pairSpans, afterEnd);
    if (result) out.push(result);
  }
  return out;
}

function unbilledOfPair(
  usage: UsageData,
  pair: UsagePair,
  pairSpans: readonly { from: string; to: string; maxId: number }[],
  afterEnd: ReturnType<AgreementData['afterEndRanges']>,
): UnbilledUsage | null {
  const { startTs, endTs } = usage.period;
  const stats = usage.current(pair);
  if (!stats) return null;
  // Nothing bills this pair and no agreement of the account ended: the whole period, from the figures we have.
  if (pairSpans.length === 0 && afterEnd.length === 0) {
    return { pair, uncovered: { records: stats.records, quantity: stats.sum, ranges: [usage.range(pair, startTs, endTs, stats.records)] }, late: null, afterEnd: [] };
  }

  const cuts = new Set<string>([startTs, endTs]);
  for (const s of pairSpans) cuts.add(s.from).add(s.to);
  for (const r of afterEnd) cuts.add(r.tsFrom).add(r.tsTo);
  const points = [...cuts].filter((c) => c >= startTs && c <= endTs).sort();

  type Piece = { from: string; to: string; afterId: number; kind: 'uncovered' | 'late' | 'after_end'; agreement?: AgreementInfo };
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    let cover = 0;
    for (const s of pairSpans) if (s.from <= from && s.to >= to && s.maxId > cover) cover = s.maxId;
    let piece: Piece | null = null;
    if (cover === 0) {
      const ended = afterEnd.find((r) => r.tsFrom <= from && r.tsTo >= to);
      piece = ended ? { from, to, afterId: 0, kind: 'after_end', agreement: ended.agreement } : { from, to, afterId: 0, kind: 'uncovered' };
    } else if (cover < usage.maxUsageId) {
      piece = { from, to, afterId: cover, kind: 'late' };
    }
    if (!piece) continue;
    const last = pieces.at(-1);
    if (last && last.to === from && last.kind === piece.kind && last.afterId === piece.afterId && last.agreement === piece.agreement) last.to = to;
    else pieces.push(piece);
  }

  let uncovered: UsageSlice | null = null;
  let late: UsageSlice | null = null;
  const ended = new Map<AgreementInfo, UsageSlice>();
  const merge = (into: UsageSlice | null | undefined, s: UsageSlice): UsageSlice =>
    into ? { records: into.records + s.records, quantity: into.quantity.plus(s.quantity), ranges: [...into.ranges, ...s.ranges] } : s;
  for (const piece of pieces) {
    const s = usage.slice(pair, piece.from, piece.to, piece.afterId);
    if (s.records === 0) continue;
    if (piece.kind === 'uncovered') uncovered = merge(uncovered, s);
    else if (piece.kind === 'late') late = merge(late, s);
    else ended.set(piece.agreement!, merge(ended.get(piece.agreement!), s));
  }
  if (!uncovered && !late && ended.size === 0) return null;
  return { pair, uncovered, late, afterEnd: [...ended].map(([agreement, slice]) => ({ agreement, slice })) };
}

