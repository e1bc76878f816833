/** Anomalies of the period by rule, stacked by severity (counts only, no money). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AnomalySummary } from '../../../shared/api';
import { SEVERITIES } from '../../../shared/domain';

const COLOR = { error: 'var(--color-error)', warning: 'var(--color-warning)', info: 'var(--color-info)' } as const;

export function AnomalyChart({ anomalies }: { anomalies: AnomalySummary[] }) {
  const byRule = new Map<string, { rule: string; error: number; warning: number; info: number; total: number }>();
  for (const a of anomalies) {
    const row = byRule.get(a.rule) ?? { rule: a.rule, error: 0, warning: 0, info: 0, total: 0 };
    row[a.severity] += 1;
    row.total += 1;
    byRule.set(a.rule, row);
  }
  const data = [...byRule.values()].sort((a, b) => b.total - a.total).slice(0, 10);
  const height = Math.max(140, data.length * 22 + 56);
  return (
    <div style={{ height }} className="chart-box" role="img" aria-label={`Anomalies by rule: ${data.map((d) => `${d.rule} ${d.total}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }} barCategoryGap={6} barSize={10}>
          <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--color-text-muted)' }} axisLine={false} tickLine={false} />
          <YAxis
            type="category"
            dataKey="rule"
            width={170}
            interval={0}
            tick={{ fontSize: 11.5, fill: 'var(--color-text-secondary)' }}
            axisLine={false}
            tickLine={false}
          />
          <Tooltip
            cursor={{ fill: 'var(--color-surface-hover)' }}
            contentStyle={{
              background: 'var(--color-surface-raised)',
              border: '1px solid var(--color-border)',
              borderRadius: 6,
              fontSize: 12,
              color: 'var(--color-text)',
            }}
          />
          <Legend iconType="circle" iconSize={8} itemSorter={null} wrapperStyle={{ fontSize: 12, color: 'var(--color-text-secondary)' }} />
          {SEVERITIES.map((s) => (
            <Bar key={s} dataKey={s} name={s.charAt(0).toUpperCase() + s.slice(1)} stackId="sev" fill={COLOR[s]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
