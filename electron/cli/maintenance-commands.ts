/**
 * `billing backup`, `billing restore` and `billing audit verify`: keeping the
 * book's file safe, and proving its audit trail untouched.
 */
import type { Command } from 'commander';
import { openDatabase } from '../../db/open';
import { firstProblem, verifyBook } from '../engine/audit/verify-book';
import { backupDatabase, restoreDatabase } from '../engine/maintenance/backup-restore';

export function registerMaintenanceCommands(program: Command, globals: () => { dbPath: string; actor: string }): void {
  program
    .command('backup')
    .description('write a consistent copy of the database to FILE (safe while the app or another command is writing)')
    .requiredOption('--out <file>', 'where to write the backup (must not exist yet)')
    .action((opts: { out: string }) => {
      const { dbPath } = globals();
      const result = backupDatabase(dbPath, opts.out);
      console.log(`Backed up ${dbPath} to ${result.file} (${result.bytes} bytes).`);
    });

  program
    .command('restore')
    .description('replace the database with a backup: checks FILE is a billing database of a known schema, keeps a safety copy of the current one first')
    .argument('<file>', 'a backup written by `billing backup` (or the app)')
    .action(async (file: string) => {
      const { dbPath, actor } = globals();
      const result = await restoreDatabase(dbPath, file, actor);
      console.log(`Restored ${dbPath} from ${result.restoredFrom}.`);
      if (result.safetyBackup) console.log(`  the previous database was saved to ${result.safetyBackup}`);
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description("check the book: the audit log's hash chain, the schema against this version's migrations, and every finalized document's figures and PDF; exits 0 if intact, 1 naming the first problem")
    .action(() => {
      const opened = openDatabase(globals().dbPath, { readonly: true });
      try {
        const result = verifyBook(opened.sqlite);
        if (result.intact) {
          console.log(`audit log intact: ${result.auditEntries} entries; schema as migrated; ${result.documents} finalized documents check out`);
        } else {
          process.stderr.write(`billing: ${firstProblem(result)}\n`);
          process.exitCode = 1;
        }
      } finally {
        opened.close();
      }
    });
}
