/**
 * The preload script (sandboxed, CommonJS): the renderer's only door to the
 * main process is `window.billing`, exposed through contextBridge.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

type Outcome = { ok: true; result: unknown } | { ok: false; error: { error: string; code: string } };

class BillingCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

contextBridge.exposeInMainWorld('billing', {
  async call(method: string, args: unknown): Promise<unknown> {
    const outcome = (await ipcRenderer.invoke('billing:call', method, args)) as Outcome;
    if (outcome.ok) return outcome.result;
    throw new BillingCallError(outcome.error.error, outcome.error.code);
  },
  onProgress(listener: (event: unknown) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on('billing:progress', wrapped);
    return () => ipcRenderer.removeListener('billing:progress', wrapped);
  },
  pickFiles: (purpose?: 'import' | 'profile' | 'logo'): Promise<unknown> => ipcRenderer.invoke('billing:pickFiles', purpose),
  pickFolder: (): Promise<unknown> => ipcRenderer.invoke('billing:pickFolder'),
  registerDroppedFiles: (files: File[]): Promise<unknown> =>
    ipcRenderer.invoke('billing:registerDropped', files.map((file) => webUtils.getPathForFile(file))),
});
