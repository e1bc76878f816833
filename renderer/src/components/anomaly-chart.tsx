/** Anomalies of the period by rule, stacked by severity (counts only, no money); clicking a rule filters to it. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITIES } from '../../../shared/domain';
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
  return (
    <div style={{ height }} className="chart-box" role="img" aria-label={`Anomalies by rule: ${data.map((d) => `${d.rule} ${d.total}`).join(', ')}`} data-testid="chart-rules">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }} barCategoryGap={6} barSize={10}>
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
    </div>
  );
}
