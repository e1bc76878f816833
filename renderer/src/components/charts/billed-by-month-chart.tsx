/**
 * Billed per month by charge kind, in one currency (money of different
 * currencies is never added). Bars are plotted from numbers; the tooltip shows
 * the exact stored sums, and so does its table. Clicking a month (or Enter on
 * its table row) opens that month's dashboard.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardSummary } from '../../../../shared/api';
import { LINE_KINDS, type LineKind } from '../../../../shared/domain';
import { groupDigits, humanize, periodShort } from '../../lib/format';
import { ChartFigure } from './chart-figure';
import { AXIS_TICK, compactAmount, KIND_COLOR, TOOLTIP_STYLE } from './chart-style';
import { clickableTick } from './clickable-tick';

type Row = { period: string; exact: Partial<Record<LineKind, string>> } & Partial<Record<LineKind, number>>;

export function BilledByMonthChart({ data, currency, current, onPick }: { data: DashboardSummary['by_month']; currency: string; current: string; onPick: (period: string) => void }) {
  const rows = new Map<string, Row>();
  for (const point of data) {
    const row = rows.get(point.period) ?? { period: point.period, exact: {} };
    row[point.kind] = Number(point.amount);
    row.exact[point.kind] = point.amount;
    rows.set(point.period, row);
  }
  const series = [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
  const kinds = LINE_KINDS.filter((k) => series.some((r) => r[k] !== undefined));
  const pick = (p: string) => p !== current && onPick(p);
  const first = series[0];
  const last = series[series.length - 1];
  return (
    <ChartFigure
      name={`Billed per month by charge kind in ${currency}`}
      description={first && last ? `${series.length} months, ${periodShort(first.period)} to ${periodShort(last.period)}, stacked by ${kinds.map(humanize).join(', ').toLowerCase()}.` : 'Nothing billed.'}
      columns={['Month', ...kinds.map((k) => `${humanize(k)} (${currency})`)]}
      rows={series.map((r) => ({ key: r.period, cells: [periodShort(r.period), ...kinds.map((k) => (r.exact[k] === undefined ? '—' : groupDigits(r.exact[k])))] }))}
      onPick={pick}
      pickHint="Enter on a row opens that month"
      height={260}
      testId="chart-by-month"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series} accessibilityLayer={false} margin={{ left: 4, right: 12, top: 8, bottom: 4 }} stackOffset="sign" barCategoryGap="28%">
          <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
          <XAxis
            dataKey="period"
            tick={clickableTick(pick, { anchor: 'middle', dy: 12, label: periodShort, title: (p) => `Open ${periodShort(p)}` })}
            axisLine={false}
            tickLine={false}
          />
          <YAxis tick={AXIS_TICK} axisLine={false} tickLine={false} width={52} tickFormatter={(v: number) => compactAmount(v)} />
          <Tooltip
            cursor={{ fill: 'var(--color-surface-hover)' }}
            contentStyle={TOOLTIP_STYLE}
            formatter={(_value, name, item) => {
              const kind = LINE_KINDS.find((k) => humanize(k) === name);
              const row = (item as { payload?: Row }).payload;
              return [`${currency} ${groupDigits((kind && row?.exact[kind]) ?? '0')}`, name];
            }}
          />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12, color: 'var(--color-text-secondary)' }} />
          {kinds.map((k) => (
            <Bar
              key={k}
              dataKey={k}
              name={humanize(k)}
              stackId="kind"
              fill={KIND_COLOR[k]}
              isAnimationActive={false}
              cursor="pointer"
              fillOpacity={1}
              onClick={(entry: { payload?: Row }) => entry.payload && pick(entry.payload.period)}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
