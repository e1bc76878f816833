/**
 * Billed per month by charge kind, in one currency (money of different
 * currencies is never added). Bars are plotted from numbers; the tooltip shows
 * the exact stored sums. Clicking a month opens that month's dashboard.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardSummary } from '../../../../shared/api';
import { LINE_KINDS, type LineKind } from '../../../../shared/domain';
import { groupDigits, humanize, periodShort } from '../../lib/format';
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
  return (
    <div className="chart-box" style={{ height: 260 }} role="img" aria-label={`Billed per month by charge kind in ${currency}`} data-testid="chart-by-month">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series} margin={{ left: 4, right: 12, top: 8, bottom: 4 }} stackOffset="sign" barCategoryGap="28%">
          <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
          <XAxis
            dataKey="period"
            tick={clickableTick((p) => p !== current && onPick(p), { anchor: 'middle', dy: 12, label: periodShort, title: (p) => `Open ${periodShort(p)}` })}
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
              onClick={(entry: { payload?: Row }) => entry.payload && entry.payload.period !== current && onPick(entry.payload.period)}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
