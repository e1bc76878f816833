/**
 * The preview host under hostile traffic, over real HTTP on loopback, serving
 * the real built renderer: every HTML response carries the CSP, no request
 * without the token or from a foreign Host/Origin gets through, and hundreds
 * of generated bad API calls each get a clean JSON error, no crash, nothing
 * written.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiError } from '../../shared/api';
import { openDatabase, type Opened } from '../../db/open';
import { CONTENT_SECURITY_POLICY } from '../hosts/content-security-policy';
import { startPreviewServer, type PreviewServer } from '../hosts/preview-server';
import { badCall, fingerprint, seedSmallBook } from './fixtures';

const rendererDir = join(import.meta.dirname, '..', '..', 'out', 'renderer');
const TOKEN = 'fuzz-token-0123456789';

let dir: string;
let opened: Opened;
let preview: PreviewServer;
let port: number;
let before: string;

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('run `npm run build` first: out/renderer is missing');
  dir = mkdtempSync(join(tmpdir(), 'billing-preview-hostile-'));
  opened = openDatabase(join(dir, 'p.db'));
  await seedSmallBook(opened.sqlite, dir);
  before = fingerprint(opened.sqlite);
  preview = await startPreviewServer({ opened, dbPath: join(dir, 'p.db'), actor: 'test', rendererDir, workerPath: join(dir, 'no-worker.mjs'), port: 0, token: TOKEN });
  port = Number(new URL(preview.url).port);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(async () => {
  await preview?.close();
  opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function http(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const apiCall = (method: string, body: string, headers: Record<string, string> = {}) =>
  http(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-billing-token': TOKEN, ...headers }, body });

function expectJsonError(reply: Reply, statuses: number[]): void {
  expect(statuses, `${reply.status} ${reply.body}`).toContain(reply.status);
  expect(String(reply.headers['content-type'])).toMatch(/^application\/json/);
  const parsed = apiError.strict().safeParse(JSON.parse(reply.body));
  expect(parsed.success, reply.body).toBe(true);
  expect(reply.body).not.toMatch(/\\n\s+at |node_modules|SQLITE_/);
}

async function stillHealthy(): Promise<void> {
  expect((await http('/healthz')).status).toBe(200);
  expect((await apiCall('app.status', '{}')).status).toBe(200);
}

describe('CSP on every page', () => {
  it('sends the policy with every HTML response (and every other response) the host gives', async () => {
    const files = readdirSync(rendererDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `/${relative(rendererDir, join(e.parentPath, e.name)).split('\\').join('/')}`);
    const paths = [
      '/', `/?token=${TOKEN}`, '/index.html', `/index.html?token=${TOKEN}`, '/index', `/index?token=${TOKEN}`, '/assets/', '/assets', '/nope.html', '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fpackage.json', '/healthz', '/api/events', '/api/app.status', ...files,
    ];
    let html = 0;
    for (const path of paths) {
      const reply = await http(path);
      expect(reply.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers['x-content-type-options'], path).toBe('nosniff');
      if (String(reply.headers['content-type']).startsWith('text/html')) html++;
      if (reply.status === 200 && /^\s*<(!doctype|html)/i.test(reply.body)) {
        expect(String(reply.headers['content-type']), path).toMatch(/^text\/html/);
      }
    }
    expect(html).toBeGreaterThanOrEqual(2);
  });

  it('hands the token only to a request carrying it, and refuses a wrong one', async () => {
    // Without a token the page is the bare static bundle (a reload after the renderer stripped the token from the
    // address): it never carries the token, and every API call still needs it.
    for (const path of ['/', '/index.html', '/index', '/index.htm', `/?TOKEN=${TOKEN}`, '/assets/../index.html', '/./index.html', '//index.html']) {
      const reply = await http(path);
      expect(reply.body, path).not.toContain(TOKEN);
      expect(reply.body, path).not.toContain('billing-token');
    }
    for (const path of ['/?token=', `/?token=${TOKEN}x`, `/?token=${TOKEN.slice(0, -1)}`]) {
      const reply = await http(path);
      expect(reply.status, path).toBe(403);
      expect(reply.body, path).not.toContain('<div id="root"');
      expect(reply.body, path).not.toContain(TOKEN);
    }
    const page = await http(`/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="billing-token" content="${TOKEN}">`);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/..%2f..%2fcli.mjs', '/%2e%2e%2f%2e%2e%2fdb%2fopen.ts', '/cli.mjs', '/main.mjs']) {
      const reply = await http(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toMatch(/"name": "billing-reviewer"|#!\/usr\/bin\/env node|openDatabase/);
    }
  });
});

describe('token, Host and Origin guards (DNS rebinding)', () => {
  const guarded = ['/api/app.status', '/api/invoices.list', '/api/upload', '/api/events', `/api/events?token=${TOKEN}`, `/?token=${TOKEN}`, '/index.html'];

  it('refuses a foreign, missing or look-alike Host header on every route', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil:${port}`, '127.0.0.1', `[::1]:${port}`, `0.0.0.0:${port}`, `127.0.0.1:${port}@evil.example`]) {
      for (const path of guarded) {
        const reply = await http(path, { method: path.startsWith('/api/') && !path.startsWith('/api/events') ? 'POST' : 'GET', headers: { host, 'x-billing-token': TOKEN } });
        expect(reply.status, `${host} ${path}`).toBe(403);
        expect(reply.body).not.toContain(TOKEN);
      }
    }
  });

  it('refuses a foreign Origin even with the right token and Host', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`, `http://127.0.0.1:${port + 1}`, 'file://', `app://renderer`]) {
      const reply = await apiCall('app.status', '{}', { origin });
      expect(reply.status, origin).toBe(403);
      expectJsonError(reply, [403]);
    }
    expect((await apiCall('app.status', '{}', { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await apiCall('app.status', '{}', { origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('refuses API calls, uploads and the event stream without the right token', async () => {
    for (const token of [undefined, '', 'x', TOKEN.toUpperCase(), `${TOKEN}x`, `${TOKEN},${TOKEN}`, TOKEN.slice(1)]) {
      const headers: Record<string, string> = token === undefined ? {} : { 'x-billing-token': token };
      expectJsonError(await http('/api/app.status', { method: 'POST', headers }), [401]);
      expectJsonError(await http('/api/upload', { method: 'POST', headers: { ...headers, 'x-file-name': 'a.csv' }, body: 'a,b\n' }), [401]);
      expectJsonError(await http(`/api/events?token=${encodeURIComponent(token ?? '')}`), [401]);
    }
    // the token in the query does not open the API
    expectJsonError(await http(`/api/app.status?token=${TOKEN}`, { method: 'POST' }), [401]);
  });
});

describe('the preview API under generated bad calls', () => {
  it('answers each with a JSON error of the documented shape, stays up, writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(badCall, fc.boolean(), async ({ method, args }, asJson) => {
        const name = typeof method === 'string' ? method : JSON.stringify(method) ?? 'undefined';
        let body: string;
        try {
          body = asJson ? (JSON.stringify(args) ?? '') : String(args);
        } catch {
          body = '{"a":';
        }
        const reply = await apiCall(encodeURIComponent(name), body);
        if (reply.status !== 200) expectJsonError(reply, [400, 404, 405, 409, 500]);
      }),
      { numRuns: 400, seed: 4242 },
    );
    await stillHealthy();
    expect(fingerprint(opened.sqlite)).toBe(before);
  });

  it('survives malformed paths, methods, bodies and encodings', async () => {
    const paths = ['/api/%E0%A4%A', '/api/%', '/api/%00', '/api/app.status%00', '/api/..%2F..%2Fetc%2Fpasswd', '/api/', '/api', '/api//app.status', `/api/${'a'.repeat(5000)}`, '/api/__proto__', '/api/constructor', '/api/toString'];
    for (const path of paths) {
      const reply = await http(path, { method: 'POST', headers: { 'x-billing-token': TOKEN, 'content-type': 'application/json' }, body: '{}' });
      expectJsonError(reply, [400, 404]);
    }
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      expectJsonError(await http('/api/app.status', { method, headers: { 'x-billing-token': TOKEN } }), [405]);
    }
    for (const body of ['{not json', '\u0000', 'null', '[]', '"x"', '1e999', '{"__proto__":{"polluted":1}}', Buffer.from([0xff, 0xfe, 0x00, 0x7b]), '{'.repeat(100_000)]) {
      const reply = await apiCall('invoices.list', body as string);
      expectJsonError(reply, [400]);
    }
    // an oversized body is refused (413) and the connection closed; the client may see the reset first
    const huge = await apiCall('invoices.list', `{"period":"${'9'.repeat(2 * 1024 * 1024)}"}`).catch((error: NodeJS.ErrnoException) => error);
    if (huge instanceof Error) expect(huge.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    else expectJsonError(huge, [413]);
    expectJsonError(await http('/api/upload', { method: 'POST', headers: { 'x-billing-token': TOKEN, 'x-file-name': '%E0%A4%A' }, body: 'x' }), [400]);
    expectJsonError(await http('/api/upload', { method: 'POST', headers: { 'x-billing-token': TOKEN }, body: 'x' }), [400]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillHealthy();
    expect(fingerprint(opened.sqlite)).toBe(before);
  });
});
