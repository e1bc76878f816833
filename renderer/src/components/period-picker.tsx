/** The billing period under review, from the periods app.status knows, newest first. */
import { useId } from 'react';
import { periodLabel } from '../lib/format';

export function PeriodPicker({ periods, rated, value, onChange }: { periods: string[]; rated: string[]; value: string | null; onChange: (p: string) => void }) {
  const id = useId();
  return (
    <div className="topbar-field">
      <label htmlFor={id}>Period</label>
      <select id={id} className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value)} disabled={periods.length === 0} data-testid="period-picker">
        {periods.length === 0 ? <option value="">No periods yet</option> : null}
        {periods.map((p) => (
          <option key={p} value={p}>
            {periodLabel(p)}
            {rated.includes(p) ? '' : ' · not rated'}
          </option>
        ))}
      </select>
    </div>
  );
}
