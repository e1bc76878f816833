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
import { JobService } from '../engine/jobs/job-service';
import { APP_ORIGIN } from './app-protocol';

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

export function registerIpc(options: IpcOptions): void {
  const files = new Map<string, string>();
  const issue = (path: string) => {
    const token = randomUUID();
    files.set(token, path);
    return { token, name: basename(path) };
  };
  const jobs = new JobService({
    workerPath: options.workerPath,
    dbPath: options.dbPath,
    actor: options.actor,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    onProgress: (event) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send('billing:progress', event);
    },
  });
  const handlers = createHandlers({
    sqlite: options.opened.sqlite,
    dbPath: options.dbPath,
    actor: options.actor,
    resolveFile: (token) => {
      const path = files.get(token);
      if (!path) throw new Error('that file is unknown; choose it again');
      return path;
    },
    runJob: (request, jobId, actor) => jobs.run(request, jobId, actor),
    cancelJob: (jobId) => jobs.cancel(jobId),
  });

  ipcMain.handle('billing:call', async (event, method: unknown, args: unknown) => {
    if (!trustedSender(event)) return { ok: false, error: { code: 'invalid', error: 'Refused: unknown sender.' } };
    return dispatch(handlers, method, args);
  });
  ipcMain.handle('billing:pickFiles', async (event) => {
    if (!trustedSender(event)) return [];
    const window = BrowserWindow.fromWebContents(event.sender);
    const picked = await dialog.showOpenDialog(window!, {
      title: 'Import files',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Usage, hours and agreement exports', extensions: ['csv', 'ndjson', 'jsonl', 'json'] }],
    });
    return picked.canceled ? [] : picked.filePaths.map(issue);
  });
  ipcMain.handle('billing:registerDropped', async (event, paths: unknown) => {
    if (!trustedSender(event)) return [];
    const parsed = droppedPaths.safeParse(paths);
    if (!parsed.success) return [];
    return parsed.data.filter((p) => statSync(p, { throwIfNoEntry: false })?.isFile()).map(issue);
  });
}
