/**
 * The Electron main process: one sandboxed, context-isolated window serving
 * the built renderer from a custom app:// scheme, the IPC host, and the job
 * service. Everything follows Electron's security checklist: no Node in the
 * renderer, a strict CSP on every response, navigation, new windows, webviews
 * and permission requests refused, and every IPC call's sender and arguments
 * validated before anything runs.
 */
import { app, BrowserWindow, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open';
import { defaultDatabasePath, operatingSystemUser } from './engine/paths';
import { APP_ORIGIN, registerAppProtocol } from './window/app-protocol';
import { registerIpc } from './window/ipc';

const here = dirname(fileURLToPath(import.meta.url));

// codeCache: V8 keeps the renderer bundle's compiled code between launches, as Chromium does for http(s) (the
// preview host has it); compiling the 2 MB bundle is ~450 ms of a cold start on the bench machine.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
app.enableSandbox();

/**
 * better-sqlite3 for Electron's ABI. In development `npm start` builds it once
 * into .cache/electron-abi/<electron version>/ (node_modules keeps the Node
 * build for the CLI and tests); a packaged app has it rebuilt in place by
 * electron-builder, so no override is needed there.
 */
function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const candidate = join(app.getAppPath(), '.cache', 'electron-abi', process.versions.electron, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function createWindow(): Promise<void> {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    title: 'Billing Reviewer',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // middle-click opens links in new windows; refused anyway, switched off too
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDown();
  registerAppProtocol(join(here, 'renderer'));
  const dbPath = process.env.BILLING_DB ?? defaultDatabasePath();
  const nativeBinding = electronNativeBinding();
  const opened = openDatabase(dbPath, nativeBinding ? { nativeBinding } : {});
  registerIpc({ opened, dbPath, actor: operatingSystemUser(), workerPath: join(here, 'worker.mjs'), ...(nativeBinding ? { nativeBinding } : {}) });
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
  app.on('window-all-closed', () => {
    opened.close();
    app.quit();
  });
}

void start();
