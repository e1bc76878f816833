/**
 * The account's usage of each billed metric over the last months, this
 * invoice's month highlighted. One metric at a time: API calls in millions
 * and seats in dozens cannot share an axis.
 */
import { memo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../../data/use-api';
import { groupDigits, humanize, periodShort } from '../../lib/format';
import { ChartFigure } from '../charts/chart-figure';
import { AXIS_TICK, compactAmount, TOOLTIP_STYLE } from '../charts/chart-style';

const COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--color-info)', 'var(--color-warning)'];

export const UsageTrendCard = memo(function UsageTrendCard({ invoiceId }: { invoiceId: string }) {
  const query = useApi('invoices.trend', { invoice_id: invoiceId, periods: 12 });
  const [picked, setPicked] = useState<string | null>(null);
  const trend = query.data;
  if (!trend || trend.metrics.length === 0) return null;
  const metric = trend.metrics.find((m) => m.metric === picked) ?? trend.metrics[0]!;
  const color = COLORS[trend.metrics.indexOf(metric) % COLORS.length]!;
  const periods = trend.metrics[0]!.points.map((p) => p.period);
  const data = periods.map((period, i) => {
    const row: Record<string, string | number> = { period, label: periodShort(period) };
    for (const m of trend.metrics) {
      row[m.metric] = Number(m.points[i]!.quantity);
      row[`${m.metric}__exact`] = m.points[i]!.quantity;
    }
    return row;
  });
  const currentLabel = periodShort(trend.period);
  return (
    <section className="card" aria-label="Usage trend" data-testid="usage-trend">
      <div className="card-header">
        <h2 className="card-title">Usage trend</h2>
        <span className="card-subtitle">
          {trend.account_id} · {periodShort(periods[0]!)} – {currentLabel}
        </span>
      </div>
      {trend.metrics.length > 1 ? (
        <div className="card-body segmented-row">
          <div className="segmented" role="radiogroup" aria-label="Metric">
            {trend.metrics.map((m) => (
              <button key={m.metric} type="button" role="radio" aria-checked={m === metric} className="segment" onClick={() => setPicked(m.metric)}>
                {humanize(m.metric)}
              </button>
            ))}
          </div>
        </div>
      ) : null}
      <ChartFigure
        name={`${humanize(metric.metric)} per month`}
        description={`${humanize(metric.metric)} of ${trend.account_id}, ${periodShort(periods[0]!)} to ${currentLabel}; this invoice's month ${currentLabel} at ${groupDigits(metric.points.find((p) => p.period === trend.period)?.quantity ?? '0')}.`}
        columns={['Month', humanize(metric.metric)]}
        rows={metric.points.map((p) => ({ key: p.period, cells: [p.period === trend.period ? `${periodShort(p.period)} (this invoice)` : periodShort(p.period), groupDigits(p.quantity)] }))}
        height={240}
        testId="usage-trend-chart"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} accessibilityLayer={false} margin={{ left: 4, right: 16, top: 8, bottom: 4 }}>
            <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
            <XAxis dataKey="label" tick={AXIS_TICK} axisLine={false} tickLine={false} />
            <YAxis tick={AXIS_TICK} axisLine={false} tickLine={false} width={52} tickFormatter={(v: number) => compactAmount(v)} />
            <ReferenceLine x={currentLabel} stroke="var(--color-accent)" strokeDasharray="4 3" label={{ value: 'this invoice', position: 'insideTopRight', fontSize: 11, fill: 'var(--color-accent)' }} />
            <Tooltip
              contentStyle={TOOLTIP_STYLE}
              formatter={(_v, name, item) => {
                const row = (item as { payload?: Record<string, string> }).payload;
                return [groupDigits(row?.[`${metric.metric}__exact`] ?? '0'), name];
              }}
            />
            <Line
              type="monotone"
              dataKey={metric.metric}
              name={humanize(metric.metric)}
              stroke={color}
              strokeWidth={2}
              isAnimationActive={false}
              dot={(props: { cx?: number; cy?: number; payload?: { period: string }; index?: number }) =>
                props.payload?.period === trend.period ? (
                  <circle key={props.index} cx={props.cx} cy={props.cy} r={5} fill={color} stroke="var(--color-surface)" strokeWidth={2} />
                ) : (
                  <circle key={props.index} cx={props.cx} cy={props.cy} r={2.5} fill={color} />
                )
              }
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </section>
  );
});
