/** The four-eyes rule (change-control.md): when on, whoever last changed an invoice cannot approve it. Stored in the book, audited. */
import { useApi, useApiMutation } from '../data/use-api';
import { useToast } from '../state/toasts';

export function FourEyesSetting() {
  const toast = useToast();
  const query = useApi('settings.fourEyes', {});
  const change = useApiMutation('settings.setFourEyes');
  const on = query.data?.four_eyes ?? false;
  async function set(required: boolean) {
    if (required === on) return;
    try {
      await change.mutateAsync({ required });
      toast.success(required ? 'Whoever last changed an invoice can no longer approve it.' : 'Anyone may approve again.', required ? 'Four eyes on' : 'Four eyes off');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : String(e), 'Not changed');
    }
  }
  return (
    <div className="segmented" role="radiogroup" aria-label="Four eyes" data-testid="four-eyes">
      {(
        [
          [false, 'Anyone may approve'],
          [true, 'A second person approves'],
        ] as const
      ).map(([value, label]) => (
        <button key={label} type="button" role="radio" aria-checked={on === value} className="segment" disabled={query.isPending || change.isPending} onClick={() => void set(value)}>
          {label}
        </button>
      ))}
    </div>
  );
}
