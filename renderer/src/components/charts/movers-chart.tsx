/** The invoices whose total moved most against the previous period; clicking a bar (or Enter on its table row) opens the invoice. */
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardSummary } from '../../../../shared/api';
import { groupDigits } from '../../lib/format';
import { ChartFigure } from './chart-figure';
import { AXIS_TICK, compactAmount, TOOLTIP_STYLE } from './chart-style';
import { clickableTick } from './clickable-tick';

type Mover = DashboardSummary['movers'][number];

export function MoversChart({ movers, currency, onOpen }: { movers: Mover[]; currency: string; onOpen: (invoiceId: string) => void }) {
  // Labels are unique per bar (one account can have two agreements), so a label finds its invoice.
  const data = movers.map((m) => ({ ...m, value: Number(m.change), label: movers.filter((o) => o.account_name === m.account_name).length > 1 ? `${m.account_name} (${m.invoice_id.split('@')[0]})` : m.account_name }));
  const openByLabel = (label: string) => {
    const hit = data.find((d) => d.label === label);
    if (hit) onOpen(hit.invoice_id);
  };
  const height = Math.max(160, data.length * 24 + 40);
  const signed = (change: string) => `${change.startsWith('-') ? '' : '+'}${groupDigits(change)}`;
  const rises = data.filter((m) => m.value > 0).length;
  return (
    <ChartFigure
      name={`Biggest changes against the previous period in ${currency}`}
      description={`${data.length} invoices: ${rises} rose, ${data.length - rises} fell or stayed; the largest change is ${data[0] ? `${data[0].label}, ${currency} ${signed(data[0].change)}` : 'none'}.`}
      columns={['Invoice', `Previous (${currency})`, `Total (${currency})`, `Change (${currency})`, 'Change %']}
      rows={data.map((m) => ({ key: m.invoice_id, cells: [m.label, groupDigits(m.previous_total), groupDigits(m.total), signed(m.change), m.change_percent ? `${m.change_percent}%` : '—'] }))}
      onPick={onOpen}
      pickHint="Enter on a row opens the invoice"
      height={height}
      testId="chart-movers"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 4, right: 16, top: 4, bottom: 4 }} barSize={12}>
          <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
          <XAxis type="number" tick={AXIS_TICK} axisLine={false} tickLine={false} tickFormatter={(v: number) => compactAmount(v)} />
          <YAxis
            type="category"
            dataKey="label"
            width={170}
            interval={0}
            tick={clickableTick(openByLabel, { title: (l) => `Open the invoice of ${l}`, label: (l) => (l.length > 26 ? `${l.slice(0, 25)}…` : l) })}
            axisLine={false}
            tickLine={false}
          />
          <ReferenceLine x={0} stroke="var(--color-border-strong)" />
          <Tooltip
            cursor={{ fill: 'var(--color-surface-hover)' }}
            contentStyle={TOOLTIP_STYLE}
            formatter={(_v, _n, item) => {
              const m = (item as { payload?: Mover }).payload;
              if (!m) return ['', ''];
              return [
                `${currency} ${groupDigits(m.previous_total)} → ${groupDigits(m.total)} (${m.change.startsWith('-') ? '' : '+'}${groupDigits(m.change)}${m.change_percent ? `, ${m.change_percent}%` : ''})`,
                'Total',
              ];
            }}
          />
          <Bar dataKey="value" isAnimationActive={false} cursor="pointer" onClick={(entry: { payload?: Mover }) => entry.payload && onOpen(entry.payload.invoice_id)}>
            {data.map((m) => (
              <Cell key={m.invoice_id} fill={m.value < 0 ? 'var(--color-error)' : 'var(--color-success)'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
