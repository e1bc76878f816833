/**
 * The Electron IPC host: one `billing:call` entry point that checks the sender
 * is our own page, then hands the method name and arguments to the same
 * dispatcher the preview host uses (which validates both against shared/api.ts).
 * Files reach the engine only as tokens for paths the user chose in a native
 * dialog or dropped on the window.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Opened } from '../../db/open';
import { createHandlers, dispatch } from '../engine/api/handlers';
import { warmUp } from '../engine/api/warm-up';
import { CommandWorker } from '../engine/jobs/command-worker';
import { APP_ORIGIN } from './app-protocol';
import { DialogFolders } from './dialog-folders';

export interface IpcOptions {
  opened: Opened;
  dbPath: string;
  actor: string;
  workerPath: string;
  nativeBinding?: string;
}

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(`${APP_ORIGIN}/`);
}

const droppedPaths = z.array(z.string().min(1).max(4096)).min(1).max(100);

/** What the user is choosing files for: the dialog's title and filter follow from it. */
const PICKS = {
  import: { title: 'Import files', multi: true, filters: [{ name: 'Usage, hours and agreement exports', extensions: ['csv', 'ndjson', 'jsonl', 'json'] }] },
  profile: { title: 'Import profile', multi: false, filters: [{ name: 'Import profile (JSON)', extensions: ['json'] }] },
  logo: { title: 'Company logo', multi: false, filters: [{ name: 'PNG or JPEG image', extensions: ['png', 'jpg', 'jpeg'] }] },
} as const;
const pickPurpose = z.enum(['import', 'profile', 'logo']).default('import');

export function registerIpc(options: IpcOptions): void {
  const files = new Map<string, string>();
  const issue = (path: string) => {
    const token = randomUUID();
    files.set(token, path);
    return { token, name: basename(path) };
  };
  // Every write runs as an engine command in this one worker thread; reads stay on the window's connection.
  const commands = new CommandWorker({
    workerPath: options.workerPath,
    dbPath: options.dbPath,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    onProgress: (event) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send('billing:progress', event);
    },
  });
  // Folders the user chose in a native dialog (export destinations), by token.
  const folders = new Map<string, string>();
  // Where each kind of dialog opens next (Electron 43+ would always open Downloads).
  const dialogFolders = new DialogFolders();
  const handlers = createHandlers({
    sqlite: options.opened.sqlite,
    dbPath: options.dbPath,
    actor: options.actor,
    resolveFile: (token) => {
      const path = files.get(token);
      if (!path) throw new Error('that file is unknown; choose it again');
      return path;
    },
    resolveFolder: (token) => {
      const path = folders.get(token);
      if (!path) throw new Error('that folder is unknown; choose it again');
      return path;
    },
    runCommand: (request, jobId, actor) => commands.run(request, jobId, actor),
    previewCommand: (request, jobId, actor) => commands.preview(request, jobId, actor),
    cancelJob: (jobId) => commands.cancel(jobId),
  });

  // While the window loads the renderer, the first screen's reads warm SQLite's cache and V8's code (engine/api/warm-up.ts).
  setImmediate(() => void warmUp(handlers));

  ipcMain.handle('billing:call', async (event, method: unknown, args: unknown) => {
    if (!trustedSender(event)) return { ok: false, error: { code: 'invalid', error: 'Refused: unknown sender.' } };
    return dispatch(handlers, method, args);
  });
  ipcMain.handle('billing:pickFiles', async (event, purpose: unknown) => {
    if (!trustedSender(event)) return [];
    const parsed = pickPurpose.safeParse(purpose ?? undefined);
    if (!parsed.success) return [];
    const pick = PICKS[parsed.data];
    const window = BrowserWindow.fromWebContents(event.sender);
    const picked = await dialog.showOpenDialog(window!, {
      title: pick.title,
      ...dialogFolders.defaultPathFor(parsed.data),
      properties: pick.multi ? ['openFile', 'multiSelections'] : ['openFile'],
      filters: pick.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
    });
    if (picked.canceled) return [];
    dialogFolders.rememberFiles(parsed.data, picked.filePaths);
    return picked.filePaths.map(issue);
  });
  ipcMain.handle('billing:pickFolder', async (event) => {
    if (!trustedSender(event)) return null;
    const window = BrowserWindow.fromWebContents(event.sender);
    const picked = await dialog.showOpenDialog(window!, { title: 'Export to folder', ...dialogFolders.defaultPathFor('export'), properties: ['openDirectory', 'createDirectory'] });
    const path = picked.canceled ? undefined : picked.filePaths[0];
    if (!path) return null;
    dialogFolders.rememberFolder('export', path);
    const token = randomUUID();
    folders.set(token, path);
    return { token, name: basename(path) || path };
  });
  ipcMain.handle('billing:registerDropped', (event, paths: unknown) => {
    if (!trustedSender(event)) return [];
    const parsed = droppedPaths.safeParse(paths);
    if (!parsed.success) return [];
    return parsed.data.filter((p) => statSync(p, { throwIfNoEntry: false })?.isFile()).map(issue);
  });
}
