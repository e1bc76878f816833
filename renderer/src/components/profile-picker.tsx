/**
 * Which import profile maps the files: none (the canonical columns), a
 * built-in profile (Harvest, Toggl Track …), or a profile file of the user's
 * own (a JSON mapping), handed to the host like any other file.
 */
import { useId, useRef } from 'react';
import type { FileRef } from '../api-client';
import { useApi } from '../data/use-api';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';

export type ProfileChoice = { kind: 'none' } | { kind: 'builtin'; name: string } | { kind: 'file'; ref: FileRef };

export function profileArgs(choice: ProfileChoice): { profile?: string; profile_file?: FileRef } {
  if (choice.kind === 'builtin') return { profile: choice.name };
  if (choice.kind === 'file') return { profile_file: choice.ref };
  return {};
}

const FILE_OPTION = '__file__';

export function ProfilePicker({ value, onChange, disabled }: { value: ProfileChoice; onChange: (choice: ProfileChoice) => void; disabled: boolean }) {
  const { client } = useAppState();
  const toast = useToast();
  const profiles = useApi('import.profiles', {});
  const id = useId();
  const input = useRef<HTMLInputElement>(null);

  async function loadProfileFile(getRefs: () => Promise<FileRef[]>) {
    try {
      const [ref] = await getRefs();
      if (ref) onChange({ kind: 'file', ref });
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error), 'Profile file not loaded');
    }
  }

  function chooseFile() {
    if (client.host === 'electron' && client.pickFiles) {
      const pick = client.pickFiles.bind(client);
      void loadProfileFile(() => pick('profile'));
    } else {
      input.current?.click();
    }
  }

  const selected = value.kind === 'builtin' ? value.name : value.kind === 'file' ? FILE_OPTION : '';
  return (
    <>
      <label className="label" htmlFor={id}>
        Profile
      </label>
      <select
        id={id}
        className="select"
        value={selected}
        disabled={disabled}
        data-testid="profile-select"
        onChange={(e) => {
          const next = e.target.value;
          if (next === FILE_OPTION) chooseFile();
          else onChange(next ? { kind: 'builtin', name: next } : { kind: 'none' });
        }}
      >
        <option value="">Canonical columns</option>
        {(profiles.data ?? []).map((p) => (
          <option key={p.name} value={p.name} title={p.description ?? undefined}>
            {p.label}
          </option>
        ))}
        <option value={FILE_OPTION}>{value.kind === 'file' ? `Profile file: ${value.ref.name}` : 'Profile file (.json)…'}</option>
      </select>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        tabIndex={-1}
        aria-label="Profile file"
        data-testid="profile-file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) void loadProfileFile(() => client.uploadFiles(files));
        }}
      />
    </>
  );
}
