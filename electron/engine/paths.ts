/**
 * Where the app keeps its database when none is named: the same per-user data
 * folder Electron's app.getPath('userData') uses, so the CLI and the desktop
 * app share one book by default.
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Billing Reviewer';

export function userDataFolder(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}

export function defaultDatabasePath(): string {
  return join(userDataFolder(), 'billing.db');
}

export function operatingSystemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
