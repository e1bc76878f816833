import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileDateFormat, isUsableDateFormat, parseWithFormats } from '../date-format';
import { durationToHours } from '../duration';
import { ImportFileError } from '../../errors';
import { importFiles } from '../import-files';
import { listProfiles } from '../profiles';
import { count, ctx, rows, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const run = (name: string, content: string | Buffer, profile?: string, kind?: 'usage' | 'hours' | 'agreements') =>
  importFiles(s.opened.sqlite, { files: [{ path: s.file(name, content) }], ...(profile ? { profile } : {}), ...(kind ? { kind } : {}) }, ctx()).then((r) => r.files);

/** Harvest's detailed time report export, as Harvest writes it (header and value forms). */
const HARVEST =
  'Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Employee Id,Roles,Teams,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL\n' +
  '2026-10-05,Acme Corp,Platform migration,ACM-01,Development,"Import pipeline, first cut",1.25,1.5,Yes,No,Yes,Ada,Lovelace,E-1,Architect,Platform,Yes,220.00,275.00,90.00,112.50,United States Dollar - USD,\n' +
  '2026-10-06,Acme Corp,Platform migration,ACM-01,Meetings,,0:45,0.75,No,No,Yes,Grace,Hopper,E-2,,Platform,Yes,0,0,80.00,60.00,United States Dollar - USD,https://example.test/t/1\n' +
  '2026-10-07,,Internal,,Admin,Timesheets,0.5,0.5,No,No,Yes,Ada,Lovelace,E-1,,Platform,Yes,0,0,90.00,45.00,United States Dollar - USD,\n';

/** Toggl Track's detailed report export. */
const TOGGL =
  'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n' +
  'Aisha Patel,aisha@example.com,Drakenstein,Bridge upgrade,Site visit,"Inspection, east abutment",Yes,2026-10-05,08:30:00,2026-10-05,10:00:00,01:30:00,"site, travel",150.00\n' +
  'Aisha Patel,aisha@example.com,Drakenstein,Bridge upgrade,,Design review,No,2026-10-05,10:00:00,2026-10-05,10:20:00,00:20:00,,\n' +
  'Jan de Vries,jan@example.com,Drakenstein,Bridge upgrade,,=HYPERLINK("http://x"),Yes,2026-10-06,09:00:00,2026-10-06,09:00:00,00:00:00,,\n';

describe('built-in profiles', () => {
  it('lists the built-in profiles for the picker', () => {
    expect(listProfiles().map((p) => [p.name, p.kind, p.builtIn])).toEqual([
      ['harvest', 'hours', true],
      ['toggl', 'hours', true],
      ['stripe', 'payments', true],
    ]);
  });

  it('imports a Harvest detailed time report', async () => {
    const [r] = await run('harvest_time_report.csv', HARVEST, 'harvest');
    expect(r).toMatchObject({ kind: 'hours', rows: 3, imported: 2, rejected: 1 });
    expect(rows(s, 'SELECT date, account_id, person, kind, role, hours, billable, rate, project, notes FROM time_entries ORDER BY id')).toEqual([
      { date: '2026-10-05', account_id: 'Acme Corp', person: 'Ada Lovelace', kind: 'professional_services', role: 'Architect', hours: '1.25', billable: 1, rate: '220.00', project: 'Platform migration', notes: 'Import pipeline, first cut' },
      { date: '2026-10-06', account_id: 'Acme Corp', person: 'Grace Hopper', kind: 'professional_services', role: null, hours: '0.75', billable: 0, rate: '0', project: 'Platform migration', notes: null },
    ]);
    const extra = JSON.parse(rows<{ extra: string }>(s, 'SELECT extra FROM time_entries ORDER BY id')[0]!.extra) as Record<string, string>;
    expect(extra).toMatchObject({ 'hours rounded': '1.5', currency: 'United States Dollar - USD', 'project code': 'ACM-01', task: 'Development' });
    expect(rows(s, 'SELECT line, field, reason FROM rejected_rows')[0]).toEqual({ line: 4, field: 'account_id', reason: 'account_id is missing (from column "Client")' });
    expect(rows(s, 'SELECT profile FROM import_batches')[0]).toEqual({ profile: 'harvest' });

    // No entry id in Harvest: a second import is recognised by the content of the source row.
    const [again] = await run('harvest_time_report.csv', HARVEST, 'harvest');
    expect(again).toMatchObject({ imported: 0, duplicates: 2, rejected: 1 });
  });

  it('imports a Toggl Track detailed report, durations exactly or truncated, formulas as text', async () => {
    const [r] = await run('Toggl_time_entries.csv', TOGGL, 'toggl');
    expect(r).toMatchObject({ kind: 'hours', rows: 3, imported: 2, rejected: 1 });
    expect(rows(s, 'SELECT date, person, hours, billable, notes FROM time_entries ORDER BY id')).toEqual([
      { date: '2026-10-05', person: 'Aisha Patel', hours: '1.5', billable: 1, notes: 'Inspection, east abutment' },
      { date: '2026-10-05', person: 'Aisha Patel', hours: '0.3333333333', billable: 0, notes: 'Design review' },
    ]);
    expect(JSON.parse(rows<{ extra: string }>(s, 'SELECT extra FROM time_entries ORDER BY id')[0]!.extra)).toMatchObject({ 'amount (usd)': '150.00', tags: 'site, travel' });
    expect(rows(s, 'SELECT field, reason, raw FROM rejected_rows')[0]).toMatchObject({ field: 'hours', reason: 'hours 0 must be greater than 0 and at most 24 (from column "Duration")' });
  });

  it('suggests the profile when a vendor export is imported without one', async () => {
    await expect(run('harvest_time_report.csv', HARVEST)).rejects.toThrow(
      /^harvest_time_report\.csv looks like an export for the harvest profile \(Harvest — detailed time report \(CSV\)\); import it with that profile\.$/,
    );
    await expect(run('toggl.csv', TOGGL)).rejects.toThrow(/looks like an export for the toggl profile/);
  });

  it('refuses a file that lacks a column the profile needs, in one sentence', async () => {
    await expect(run('harvest.csv', 'Date,Client,First Name,Last Name,Billable?\n2026-10-05,A,Ada,L,Yes\n', 'harvest')).rejects.toThrow(
      /^harvest\.csv has no column "Hours", which the harvest profile reads hours from\.$/,
    );
  });

  it('refuses a profile whose kind contradicts the requested kind', async () => {
    await expect(run('h.csv', HARVEST, 'harvest', 'usage')).rejects.toThrow(/The harvest profile reads hours files, but the import asked for usage\./);
  });
});

describe('user profile files', () => {
  const profileFile = (profile: unknown) => s.file('profile.json', JSON.stringify(profile));

  it('maps another system: renames, joined columns, value words, DD.MM.YYYY, h:mm, decimal commas, constants', async () => {
    const profile = profileFile({
      name: 'zeit',
      label: 'Zeiterfassung export',
      kind: 'hours',
      delimiter: ';',
      decimal_separator: ',',
      columns: { entry_id: 'Nr', date: 'Datum', account_id: 'Kunde', person: 'Mitarbeiter', hours: 'Dauer', billable: 'Abrechenbar', rate: 'Satz', kind: 'Art' },
      constants: { kind: 'professional_services' },
      values: { billable: { Billable: 'true', 'Non-billable': 'false' }, kind: { Wartung: 'support' } },
      dates: { date: 'DD.MM.YYYY' },
      durations: { hours: 'h:mm' },
    });
    const csv = 'Nr;Datum;Kunde;Mitarbeiter;Dauer;Abrechenbar;Satz;Art\n1;05.10.2026;ACME;Ada;1:30;Billable;180,50;\n2;06.10.2026;ACME;Ada;0:15;Non-billable;;Wartung\n3;31.02.2026;ACME;Ada;1:00;Billable;;\n4;07.10.2026;ACME;Ada;90;Billable;;\n';
    const [r] = await run('zeit.csv', csv, profile);
    expect(r).toMatchObject({ kind: 'hours', rows: 4, imported: 2, rejected: 2 });
    expect(rows(s, 'SELECT entry_id, date, hours, billable, rate, kind FROM time_entries ORDER BY id')).toEqual([
      { entry_id: '1', date: '2026-10-05', hours: '1.5', billable: 1, rate: '180.50', kind: 'professional_services' },
      { entry_id: '2', date: '2026-10-06', hours: '0.25', billable: 0, rate: null, kind: 'support' },
    ]);
    expect(rows(s, 'SELECT line, field, reason FROM rejected_rows ORDER BY line')).toEqual([
      { line: 4, field: 'date', reason: 'date "31.02.2026" is not a real date in the format DD.MM.YYYY (from column "Datum")' },
      { line: 5, field: 'hours', reason: 'hours "90" is not a duration in the format h:mm (from column "Dauer")' },
    ]);
  });

  it('maps a usage export: US timestamps, unit scaling and a monthly word for the kind guess', async () => {
    const profile = profileFile({
      name: 'meter',
      label: 'Meter export',
      columns: { event_id: 'ID', account_id: 'Customer', metric: 'Meter', quantity: 'Usage (MB)', timestamp: 'When' },
      dates: { timestamp: ['MM/DD/YYYY HH:mm', 'MM/DD/YYYY'] },
      scale: { quantity: '0.001' },
      values: { metric: { 'Storage MB': 'storage_gb' } },
    });
    const [r] = await run('meter.csv', 'ID,Customer,Meter,Usage (MB),When\nm1,A,Storage MB,1500,10/03/2026 14:05\nm2,A,Storage MB,250,10/04/2026\n', profile);
    expect(r).toMatchObject({ kind: 'usage', imported: 2 });
    expect(rows(s, 'SELECT metric, quantity, ts FROM usage_records ORDER BY id')).toEqual([
      { metric: 'storage_gb', quantity: '1.5', ts: '2026-10-03T14:05:00.000Z' },
      { metric: 'storage_gb', quantity: '0.25', ts: '2026-10-04T00:00:00.000Z' },
    ]);
  });

  it('reads agreements from a CRM export with its own column names and words', async () => {
    const profile = profileFile({
      name: 'crm',
      label: 'CRM deals',
      kind: 'agreements',
      columns: { agreement_id: 'Deal ID', account_id: 'Account', currency: 'Currency', start_date: 'Start', type: 'Line type', code: 'SKU', amount: 'Price' },
      values: { type: { monthly: 'recurring', 'one-off': 'one_time' } },
      dates: { start_date: 'MM/DD/YYYY' },
    });
    const [r] = await run('deals.csv', 'Deal ID,Account,Currency,Start,Line type,SKU,Price\nD-1,ACME,usd,01/15/2026,monthly,platform,2500.00\nD-1,ACME,usd,01/15/2026,Monthly,support,500\n', profile);
    expect(r).toMatchObject({ kind: 'agreements', rows: 2, imported: 2 });
    expect(JSON.parse(rows<{ document: string }>(s, 'SELECT document FROM agreements')[0]!.document)).toMatchObject({
      agreement_id: 'D-1', currency: 'USD', start_date: '2026-01-15',
      charges: [{ type: 'recurring', code: 'platform', amount: '2500.00' }, { type: 'recurring', code: 'support', amount: '500' }],
    });
  });

  it('refuses bad profile files and unknown names with one sentence, touching nothing', async () => {
    const data = s.file('h.csv', HARVEST);
    const attempt = (profile: string) => importFiles(s.opened.sqlite, { files: [{ path: data }], profile }, ctx());
    await expect(attempt(s.file('broken.json', '{ "name": '))).rejects.toThrow(/^The import profile broken\.json is not valid JSON \(.*\)\.$/);
    await expect(attempt(profileFile({ name: 'x', label: 'X', kind: 'hours', columns: { acount_id: 'Client' } }))).rejects.toThrow(
      'The import profile profile.json is not valid: columns.acount_id: "acount_id" is not a hours field.',
    );
    await expect(attempt(profileFile({ name: 'x', label: 'X', dates: { date: 'DD/MM' } }))).rejects.toThrow(/is not valid: dates\.date: expected a date format/);
    await expect(attempt(profileFile({ name: 'x', label: 'X', surprise: true }))).rejects.toThrow(/is not valid: .*surprise/);
    await expect(attempt(s.file('nothing.json', '').replace('nothing.json', 'absent.json'))).rejects.toThrow('The import profile absent.json could not be read.');
    await expect(attempt('freshbooks')).rejects.toThrow(/^There is no import profile called "freshbooks"; the built-in profiles are harvest, toggl, stripe/);
    await expect(attempt('freshbooks')).rejects.toBeInstanceOf(ImportFileError);
    expect(count(s, 'import_batches')).toBe(0);
  });
});

describe('formats', () => {
  it('parses dates in the profile formats and refuses impossible ones', () => {
    const us = [compileDateFormat('MM/DD/YYYY'), compileDateFormat('M/D/YYYY H:mm')];
    expect(parseWithFormats('10/03/2026', us, false)).toBe('2026-10-03');
    expect(parseWithFormats('1/3/2026 7:05', us, true)).toBe('2026-01-03T07:05:00');
    expect(parseWithFormats('02/30/2026', us, false)).toBeNull();
    expect(parseWithFormats('2026-10-03', us, false)).toBeNull();
    expect(parseWithFormats('03.10.2026', [compileDateFormat('DD.MM.YYYY')], false)).toBe('2026-10-03');
    expect(isUsableDateFormat('DD/MM')).toBe(false);
    expect(isUsableDateFormat('YYYY-MM-DDTHH:mm:ss')).toBe(true);
  });

  it('turns durations into decimal hours without floating point', () => {
    expect(durationToHours('1:30', 'h:mm')).toBe('1.5');
    expect(durationToHours('01:30:00', 'h:mm:ss')).toBe('1.5');
    expect(durationToHours('1:20', 'h:mm')).toBe('1.3333333333');
    expect(durationToHours('0:00:36', 'h:mm:ss')).toBe('0.01');
    expect(durationToHours('90', 'minutes')).toBe('1.5');
    expect(durationToHours('5400', 'seconds')).toBe('1.5');
    expect(durationToHours('1.75', 'auto')).toBe('1.75');
    expect(durationToHours('2:15', 'auto')).toBe('2.25');
    expect(durationToHours('1:75', 'h:mm')).toBeNull();
    expect(durationToHours('1,5', 'decimal_hours')).toBeNull();
  });
});
