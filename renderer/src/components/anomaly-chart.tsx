/** Anomalies of the period by rule, stacked by severity (counts only, no money); clicking a rule (or Enter on its table row) filters to it. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITIES } from '../../../shared/domain';
import { formatCount } from '../lib/format';
import { ChartFigure } from './charts/chart-figure';
import { AXIS_TICK, SEVERITY_COLOR, TOOLTIP_STYLE } from './charts/chart-style';
import { clickableTick } from './charts/clickable-tick';

export interface RuleCount {
  rule: string;
  error: number;
  warning: number;
  info: number;
}

export function AnomalyChart({ byRule, onPick }: { byRule: RuleCount[]; onPick?: (rule: string) => void }) {
  const data = byRule
    .map((r) => ({ ...r, total: r.error + r.warning + r.info }))
    // Every rule with findings (there are 17 rules at most), so each one can be clicked.
    .sort((a, b) => b.total - a.total || a.rule.localeCompare(b.rule));
  const height = Math.max(140, data.length * 22 + 56);
  const top = data[0];
  const description = top
    ? `${formatCount(data.length)} rules with findings, ${formatCount(data.reduce((n, d) => n + d.total, 0))} in all; the most from ${top.rule} (${formatCount(top.total)}).`
    : 'No findings.';
  return (
    <ChartFigure
      name="Anomalies by rule"
      description={description}
      columns={['Rule', 'Errors', 'Warnings', 'Info', 'Total']}
      rows={data.map((d) => ({ key: d.rule, cells: [d.rule, formatCount(d.error), formatCount(d.warning), formatCount(d.info), formatCount(d.total)] }))}
      onPick={onPick}
      pickHint="Enter on a row lists that rule's findings"
      height={height}
      testId="chart-rules"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 16, top: 4, bottom: 4 }} barCategoryGap={6} barSize={10}>
          <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
          <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} axisLine={false} tickLine={false} />
          <YAxis
            type="category"
            dataKey="rule"
            width={170}
            interval={0}
            tick={onPick ? clickableTick(onPick) : { fontSize: 11.5, fill: 'var(--color-text-secondary)' }}
            axisLine={false}
            tickLine={false}
          />
          <Tooltip cursor={{ fill: 'var(--color-surface-hover)' }} contentStyle={TOOLTIP_STYLE} />
          <Legend iconType="circle" iconSize={8} itemSorter={null} wrapperStyle={{ fontSize: 12, color: 'var(--color-text-secondary)' }} />
          {SEVERITIES.map((s) => (
            <Bar
              key={s}
              dataKey={s}
              name={s.charAt(0).toUpperCase() + s.slice(1)}
              stackId="sev"
              fill={SEVERITY_COLOR[s]}
              isAnimationActive={false}
              cursor={onPick ? 'pointer' : undefined}
              onClick={onPick ? (entry: { payload?: RuleCount }) => entry.payload && onPick(entry.payload.rule) : undefined}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
