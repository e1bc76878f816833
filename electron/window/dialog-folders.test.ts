/**
 * Electron 43+ opens every file dialog in Downloads unless told otherwise: the
 * dialogs start where the reviewer last chose, per kind of dialog.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DialogFolders } from './dialog-folders';

describe('DialogFolders', () => {
  it('has no default before the first choice (the OS picks)', () => {
    expect(new DialogFolders().defaultPathFor('import')).toEqual({});
  });

  it('starts the next dialog of the same kind in the folder of the files chosen last', () => {
    const folders = new DialogFolders();
    folders.rememberFiles('import', [join('/data', 'exports', 'usage.csv'), join('/data', 'exports', 'hours.csv')]);
    expect(folders.defaultPathFor('import')).toEqual({ defaultPath: join('/data', 'exports') });
    expect(folders.defaultPathFor('logo')).toEqual({}); // another kind keeps its own
  });

  it('starts an export dialog in the folder chosen last, and ignores a cancelled choice', () => {
    const folders = new DialogFolders();
    folders.rememberFolder('export', join('/data', 'invoices'));
    folders.rememberFolder('export', undefined);
    folders.rememberFiles('export', []);
    expect(folders.defaultPathFor('export')).toEqual({ defaultPath: join('/data', 'invoices') });
  });
});
