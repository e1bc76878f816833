/**
 * The anomaly rules a reviewer can tune: on/off, severity, thresholds. A save
 * is audited and re-evaluates the period under review at once, so the effect
 * is visible on the Anomalies page straight away.
 */
import { useState } from 'react';
import { SEVERITIES } from '../../../shared/domain';
import type { RuleInfo } from '../../../shared/api';
import { useApi } from '../data/use-api';
import { useJob } from '../hooks/use-job';
import { humanize, periodLabel, plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { usePeriod } from '../state/period';
import { useToast } from '../state/toasts';

interface Draft {
  enabled: boolean;
  severity: RuleInfo['severity'];
  thresholds: Record<string, string>;
}

const draftOf = (rule: RuleInfo): Draft => ({
  enabled: rule.enabled,
  severity: rule.severity,
  thresholds: Object.fromEntries(rule.thresholds.map((t) => [t.name, t.value])),
});

function RuleRow({ rule }: { rule: RuleInfo }) {
  const { client, status } = useAppState();
  const period = usePeriod();
  const toast = useToast();
  const { job, run } = useJob();
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [error, setError] = useState<string | null>(null);
  const saved = draftOf(rule);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const reevaluate = period && status?.rated_periods.includes(period) ? period : undefined;

  async function save() {
    setError(null);
    const changedThresholds = Object.fromEntries(Object.entries(draft.thresholds).filter(([name, value]) => value !== saved.thresholds[name]));
    const outcome = await run(`Saving ${rule.id}`, 'rules.update', (jobId) =>
      client.call('rules.update', {
        job_id: jobId,
        rule_id: rule.id,
        ...(draft.enabled !== saved.enabled ? { enabled: draft.enabled } : {}),
        ...(draft.severity !== saved.severity ? { severity: draft.severity } : {}),
        ...(Object.keys(changedThresholds).length ? { thresholds: changedThresholds } : {}),
        ...(reevaluate ? { period: reevaluate } : {}),
      }),
    );
    if (outcome.ok) {
      setDraft(draftOf(outcome.value.rule));
      const r = outcome.value.reevaluated;
      toast.success(r ? `${periodLabel(r.period)} re-evaluated: ${plural(r.anomalies, 'anomaly', 'anomalies')}.` : 'It applies from the next rating.', `${humanize(rule.id)} saved`);
    } else {
      setError(outcome.error.message);
    }
  }

  return (
    <tr data-testid={`rule-${rule.id}`} className={draft.enabled ? undefined : 'rule-off'}>
      <td>
        <label className="rule-switch">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} aria-label={`${rule.id} on`} />
          <span>
            <span className="rule-name">{rule.id}</span>
            <span className="rule-desc">{rule.description}</span>
          </span>
        </label>
      </td>
      <td>
        <select
          className="select select-sm"
          value={draft.severity}
          aria-label={`${rule.id} severity`}
          onChange={(e) => setDraft({ ...draft, severity: e.target.value as Draft['severity'] })}
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
              {s === rule.default_severity ? ' (default)' : ''}
            </option>
          ))}
        </select>
      </td>
      <td>
        <div className="rule-thresholds">
          {rule.thresholds.length === 0 ? <span className="muted">—</span> : null}
          {rule.thresholds.map((t) => (
            <label key={t.name} className="rule-threshold" title={`${t.description} (default ${t.default})`}>
              <span>{humanize(t.name)}</span>
              <input
                className="input input-sm num"
                inputMode="decimal"
                value={draft.thresholds[t.name] ?? ''}
                aria-label={`${rule.id} ${t.name}`}
                onChange={(e) => setDraft({ ...draft, thresholds: { ...draft.thresholds, [t.name]: e.target.value } })}
              />
            </label>
          ))}
        </div>
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : null}
      </td>
      <td className="right">
        {dirty || job ? (
          <button type="button" className="btn btn-sm btn-primary" disabled={job !== null} onClick={() => void save()}>
            {job ? 'Saving…' : 'Save'}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function RuleSettings() {
  const rules = useApi('rules.list', {});
  const { status } = useAppState();
  const period = usePeriod();
  const rated = period && status?.rated_periods.includes(period);
  return (
    <section className="card" aria-label="Anomaly rules">
      <div className="card-header">
        <h2 className="card-title">Anomaly rules</h2>
        <span className="card-subtitle">
          {rated && period ? `a change re-evaluates ${periodLabel(period)} at once` : 'changes apply from the next rating'} · every change is audited
        </span>
      </div>
      {rules.error ? <div className="card-body muted">{rules.error.message}</div> : null}
      <div className="table-wrap">
        <table className="table rule-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col">Thresholds</th>
              <th scope="col" className="right">
                <span className="sr-only">Save</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(rules.data ?? []).map((rule) => (
              <RuleRow key={rule.id} rule={rule} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
