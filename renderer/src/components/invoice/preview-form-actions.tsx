/**
 * The button row of a correction form that is previewed before it is applied (adjustment,
 * quantity override): "Preview …" submits the form for its impact, Cancel drops the draft.
 * Previewing is disabled while a preview is shown, so what is confirmed is what was previewed.
 */
export function PreviewFormActions({ label, testId, canSubmit, busy, previewing, previewShown, onCancel }: {
  label: string;
  testId: string;
  canSubmit: boolean;
  busy: boolean;
  previewing: boolean;
  previewShown: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="field-row">
      <button type="submit" className="btn btn-primary btn-sm" disabled={!canSubmit || busy || previewing || previewShown} data-testid={testId}>
        {previewing ? 'Previewing…' : label}
      </button>
      <button type="button" className="btn btn-ghost btn-sm" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    </div>
  );
}
