/**
 * The host's warm-up reads what the first screen asks for, and nothing else: app.status, then the
 * invoice list of the period the renderer opens on when it has invoices. Through the real handlers
 * on a real book, which it must leave as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ratedBook, tableChecksums, type Book } from '../../commands/__tests__/helpers';
import { createHandlers, type Handlers } from '../handlers';
import { warmUp } from '../warm-up';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

/** The real handlers, each call recorded as "method args". */
function recorded(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const real = createHandlers({
    sqlite: book.opened.sqlite,
    dbPath: book.dbPath,
    actor: 'Ana',
    resolveFile: () => {
      throw new Error('no files in a warm-up');
    },
    runCommand: (request) => {
      throw new Error(`a warm-up ran ${request.name}`);
    },
    cancelJob: () => false,
  });
  const handlers = new Proxy(real, {
    get: (target, method: string) => (args: unknown) => {
      calls.push(`${method} ${JSON.stringify(args)}`);
      return (Reflect.get(target, method) as (a: unknown) => unknown)(args);
    },
  });
  return { handlers, calls };
}

describe('the host warm-up', () => {
  it('reads the status and the invoice list of the period the app opens on, and changes nothing', async () => {
    const before = tableChecksums(book.opened.sqlite);
    const { handlers, calls } = recorded();
    await warmUp(handlers);
    expect(calls).toEqual(['app.status {}', 'invoices.list {"period":"2026-10"}']);
    expect(tableChecksums(book.opened.sqlite)).toEqual(before);
  });

  it('reads only the status when the period the app opens on is not rated', async () => {
    book.opened.sqlite.exec('DELETE FROM invoices'); // the drafts of 2026-10: its usage stays, unrated
    const { handlers, calls } = recorded();
    await warmUp(handlers);
    expect(calls).toEqual(['app.status {}']);
  });
});
