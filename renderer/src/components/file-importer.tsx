/**
 * Choose or drop usage, hours and agreement files; they are handed to the host
 * (native pick or drop in Electron, an upload in the preview) and imported as one job.
 */
import { useEffect, useId, useRef, useState, type DragEvent, type MutableRefObject } from 'react';
import { describeRerate } from '../../../shared/rerate-text';
import { IMPORT_KINDS, type ImportFileResult, type ImportKind } from '../../../shared/api';
import type { ArgsOf, FileRef } from '../api-client';
import { previewChange, type PreviewOf } from '../data/preview-change';
import { ChangePreview } from './change-preview';
import { ImportResultsTable, TIME_COLUMN } from './import-results-table';
import { useJob } from '../hooks/use-job';
import { humanize, plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { Icon } from './icon';
import { JobProgress } from './job-progress';
import { ProfilePicker, profileArgs, type ProfileChoice } from './profile-picker';

/** An import previewed and waiting for Confirm or Cancel. */
interface PendingImport {
  label: string;
  args: Omit<ArgsOf<'import.files'>, 'job_id'>;
  preview: PreviewOf<'import.files'>;
}

export function FileImporter({
  onImported,
  compact = false,
  openRef,
  onBusyChange,
}: {
  onImported: (results: ImportFileResult[]) => void;
  compact?: boolean;
  /** lets a button elsewhere open the picker (the importer then shows no button of its own) */
  openRef?: MutableRefObject<(() => void) | null>;
  onBusyChange?: (busy: boolean) => void;
}) {
  const { client } = useAppState();
  const toast = useToast();
  const { job, run, cancel } = useJob();
  const [kind, setKind] = useState<ImportKind | ''>('');
  const [profile, setProfile] = useState<ProfileChoice>({ kind: 'none' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const kindId = useId();
  const [pending, setPending] = useState<PendingImport | null>(null);
  const busy = job !== null || pending !== null;

  /** First the preview (the real import, rolled back); the import itself runs on Confirm with the same files and choices. */
  async function importRefs(label: string, getRefs: () => Promise<FileRef[]>) {
    const outcome = await run(`${label} (preview)`, 'import.files', async (jobId) => {
      const refs = await getRefs();
      if (refs.length === 0) return null;
      const args = { files: refs, ...(kind ? { kind } : {}), ...profileArgs(profile) };
      return { label, args, preview: await previewChange(client, { method: 'import.files', args: { job_id: jobId, ...args } }) };
    });
    if (outcome.ok) setPending(outcome.value);
    else if (outcome.cancelled) toast.info('The preview was cancelled; nothing was changed.', 'Import cancelled');
    else toast.error(outcome.error, 'Import preview failed');
  }

  async function apply({ label, args }: PendingImport) {
    setPending(null);
    const outcome = await run(label, 'import.files', (jobId) => client.call('import.files', { job_id: jobId, ...args }));
    if (outcome.ok) {
      const { files, refused, rerated } = outcome.value;
      const rejected = files.reduce((n, r) => n + r.rejected, 0);
      const imported = files.reduce((n, r) => n + r.imported, 0);
      toast.success(
        [`${plural(imported, 'row')} imported${rejected ? `, ${plural(rejected, 'row')} rejected` : ''}.`, ...rerated.map(describeRerate)].join(' '),
        `Imported ${plural(files.length, 'file')}`,
      );
      if (refused.length) toast.error(refused.map((r) => r.reason).join(' '), `${plural(refused.length, 'file')} not imported`);
      onImported(files);
    } else if (outcome.cancelled) {
      toast.info('The import was cancelled; nothing was changed.', 'Import cancelled');
    } else {
      toast.error(outcome.error, 'Import failed');
    }
  }

  function importFiles(files: File[]) {
    if (files.length === 0) return;
    void importRefs(`Importing ${plural(files.length, 'file')}`, () => client.uploadFiles(files));
  }

  function choose() {
    if (client.host === 'electron' && client.pickFiles) {
      const pick = client.pickFiles.bind(client);
      void importRefs('Importing files', () => pick());
    } else {
      input.current?.click();
    }
  }

  useEffect(() => {
    if (!openRef) return;
    openRef.current = choose;
    return () => {
      openRef.current = null;
    };
  });

  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange]);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (!busy) importFiles(Array.from(event.dataTransfer.files));
  }

  return (
    <div style={{ display: 'grid', gap: 'var(--space-4)' }}>
      <div
        className="dropzone"
        data-active={dragging}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={compact ? { padding: 'var(--space-5) var(--space-4)' } : undefined}
      >
        {compact ? null : <Icon name="import" size={22} />}
        <div className="dropzone-title">{compact ? 'Or drop usage, hours or agreement files here' : 'Drop usage, hours or agreement files here'}</div>
        <div className="dropzone-hint">CSV, NDJSON or JSON · the kind is detected from the header unless you choose one · a profile maps another system's export (Harvest, Toggl Track, or your own)</div>
        <div className="field-row" style={{ marginTop: compact ? 'var(--space-1)' : 'var(--space-3)' }}>
          {openRef ? null : (
            <button type="button" className="btn" onClick={choose} disabled={busy}>
              <Icon name="file" /> Choose files…
            </button>
          )}
          <label className="label" htmlFor={kindId}>
            Kind
          </label>
          <select id={kindId} className="select" value={kind} onChange={(e) => setKind(e.target.value as ImportKind | '')} disabled={busy}>
            <option value="">Detect automatically</option>
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
          <ProfilePicker value={profile} onChange={setProfile} disabled={busy} />
        </div>
        <input
          ref={input}
          type="file"
          multiple
          accept=".csv,.json,.ndjson,.jsonl,text/csv,application/json"
          className="sr-only"
          tabIndex={-1}
          aria-label="Files to import"
          data-testid="file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            importFiles(files);
          }}
        />
      </div>
      {job ? <JobProgress job={job} onCancel={() => void cancel()} /> : null}
      {pending ? (
        <ChangePreview
          title={`Import ${plural(pending.preview.result.files.length + pending.preview.result.refused.length, 'file')}?`}
          impact={pending.preview.impact}
          confirmLabel="Import"
          onConfirm={() => void apply(pending)}
          onCancel={() => {
            setPending(null);
            toast.info('Nothing was imported.', 'Import cancelled');
          }}
        >
          <ImportResultsTable results={pending.preview.result.files} caption="What the import would read" last={TIME_COLUMN} testId="preview-files" />
          {pending.preview.result.refused.map((r) => (
            <p key={r.file} className="muted">
              {r.reason}
            </p>
          ))}
        </ChangePreview>
      ) : null}
    </div>
  );
}
