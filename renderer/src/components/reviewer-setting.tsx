/** The reviewer's name recorded on every action; empty returns to the host's default (the operating-system user). */
import { useId, useState } from 'react';
import type { AppStatus } from '../../../shared/api';
import { useApiMutation } from '../data/use-api';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';

export function ReviewerSetting() {
  const { status } = useAppState();
  // A new reviewer (saved here or elsewhere) starts the field again from it.
  return status ? <ReviewerForm key={status.reviewer} status={status} /> : null;
}

function ReviewerForm({ status }: { status: AppStatus }) {
  const setReviewer = useApiMutation('settings.setReviewer');
  const toast = useToast();
  const [name, setName] = useState(status.reviewer);
  const [saving, setSaving] = useState(false);
  const id = useId();

  async function save(next: string | null) {
    setSaving(true);
    try {
      const { reviewer } = await setReviewer.mutateAsync({ name: next });
      toast.success(`Actions are now recorded as ${reviewer}.`, 'Reviewer saved');
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error), 'Not saved');
    } finally {
      setSaving(false);
    }
  }

  const trimmed = name.trim();
  return (
    <form
      className="field-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) void save(trimmed);
      }}
    >
      <label className="sr-only" htmlFor={id}>
        Reviewer name
      </label>
      <input id={id} className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="reviewer-name" />
      <button type="submit" className="btn btn-primary btn-sm" disabled={saving || !trimmed || trimmed === status.reviewer}>
        Save
      </button>
      {status.reviewer !== status.host_reviewer ? (
        <button type="button" className="btn btn-ghost btn-sm" disabled={saving} onClick={() => void save(null)}>
          Use {status.host_reviewer}
        </button>
      ) : null}
    </form>
  );
}
