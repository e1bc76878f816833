/**
 * The folder each file dialog opens in. Since Electron 43 a dialog without a
 * `defaultPath` always opens in Downloads and the OS no longer remembers the
 * last folder, so a reviewer importing every month's exports from the same
 * folder would have to walk there every time. This remembers, per kind of
 * dialog, where the last choice was made (for this run of the app only).
 */
import { dirname } from 'node:path';

export type DialogKind = 'import' | 'profile' | 'logo' | 'export';

export class DialogFolders {
  private readonly last = new Map<DialogKind, string>();

  /** `{ defaultPath }` for the dialog's options, or nothing before the first choice. */
  defaultPathFor(kind: DialogKind): { defaultPath: string } | Record<string, never> {
    const folder = this.last.get(kind);
    return folder ? { defaultPath: folder } : {};
  }

  /** Files chosen: their folder is next time's start. */
  rememberFiles(kind: DialogKind, filePaths: readonly string[]): void {
    const first = filePaths[0];
    if (first) this.last.set(kind, dirname(first));
  }

  /** A folder chosen: next time starts in it, so a sibling or the same one is one click away. */
  rememberFolder(kind: DialogKind, folder: string | undefined): void {
    if (folder) this.last.set(kind, folder);
  }
}
