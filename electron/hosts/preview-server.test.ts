/** The preview host's guards and its API, over real HTTP on loopback. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../db/open';
import { startPreviewServer, UPLOADS_FOLDER, type PreviewServer } from './preview-server';

let dir: string;
let opened: Opened;
let preview: PreviewServer;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-preview-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1);');
  opened = openDatabase(join(dir, 'p.db'));
  preview = await startPreviewServer({ opened, dbPath: join(dir, 'p.db'), actor: 'test', rendererDir: dir, workerPath: join(dir, 'none.mjs'), port: 0, token: 'secret-token' });
  port = Number(new URL(preview.url).port);
});
afterAll(async () => {
  await preview.close();
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

function http(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (method: string, body: unknown, headers: Record<string, string> = { 'x-billing-token': 'secret-token' }) =>
  http(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('preview host', () => {
  it('answers 404, and stays up, for an asset removed since it started (the renderer was rebuilt)', async () => {
    expect((await http('/assets/app-1.js')).status).toBe(200);
    rmSync(join(dir, 'assets', 'app-1.js'));
    expect((await http('/assets/app-1.js')).status).toBe(404);
    expect((await http('/assets/..%2F..%2Fp.db')).status).toBe(404);
    expect((await http('/healthz')).status).toBe(200);
  });

  it('listens on 127.0.0.1 only', () => {
    const address = preview.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });

  it('hands the token to the page only when its address carries it, with the CSP header', async () => {
    expect((await http('/?token=wrong')).status).toBe(403);
    // A reload after the renderer stripped the token from the address: the bare page (its token is in sessionStorage).
    const bare = await http('/');
    expect(bare.status).toBe(200);
    expect(bare.body).not.toContain('billing-token');
    const page = await http('/?token=secret-token');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<meta name="billing-token" content="secret-token">');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('refuses API calls without the token, from a foreign Host or Origin', async () => {
    expect((await api('app.status', {}, {})).status).toBe(401);
    expect((await api('app.status', {}, { 'x-billing-token': 'nope' })).status).toBe(401);
    expect((await api('app.status', {}, { 'x-billing-token': 'secret-token', host: `evil.example:${port}` })).status).toBe(403);
    expect((await api('app.status', {}, { 'x-billing-token': 'secret-token', origin: 'http://evil.example' })).status).toBe(403);
    expect((await http('/api/events?token=nope')).status).toBe(401);
  });

  it('answers valid calls and rejects unknown methods and malformed arguments with one sentence', async () => {
    const status = await api('app.status', {});
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ reviewer: 'test', counts: { usage: 0 } });
    const unknown = await api('fs.readFile', { path: '/etc/passwd' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toEqual({ code: 'invalid', error: 'Unknown API method.' });
    for (const bad of [{ period: '2026-13' }, { period: 202610 }, {}, { period: '2026-10', extra: { deep: [1, 2, 3] } }]) {
      const r = await api('invoices.list', bad);
      if (r.status === 200) {
        expect(bad).toHaveProperty('extra'); // unknown keys are stripped, not an error
      } else {
        expect(r.status).toBe(400);
        expect((JSON.parse(r.body) as { error: string }).error).toMatch(/^Invalid request: .+\.$/);
      }
    }
    const notJson = await http('/api/app.status', { method: 'POST', headers: { 'x-billing-token': 'secret-token' }, body: '{not json' });
    expect(notJson.status).toBe(400);
    const missing = await api('invoices.get', { invoice_id: 'NOPE@2026-10' });
    expect(missing.status).toBe(404);
    expect((JSON.parse(missing.body) as { error: string }).error).toBe('There is no invoice NOPE@2026-10.');
  });

  it('stores uploads under a random name and never uses the given file name as a path', async () => {
    const r = await http('/api/upload', { method: 'POST', headers: { 'x-billing-token': 'secret-token', 'x-file-name': encodeURIComponent('../../etc/passwd') }, body: 'a,b\n1,2\n' });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as { token: string; name: string };
    expect(body.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.name).toBe('../../etc/passwd');
  });
});

describe('preview uploads', () => {
  /** POSTs `chunks` with chunked transfer encoding (no Content-Length), resolving with the answer. */
  function chunkedUpload(target: number, chunks: Buffer[]): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: target, path: '/api/upload', method: 'POST', headers: { host: `127.0.0.1:${target}`, 'x-billing-token': 'secret-token', 'x-file-name': 'big.csv' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', (error) => reject(error));
      let i = 0;
      const next = () => {
        if (i < chunks.length) req.write(chunks[i++], () => setTimeout(next, 5));
        else req.end();
      };
      next();
    });
  }

  it('cuts off a chunked upload over the cap with a 413 and removes its partial file; a crashed preview\'s uploads are removed at start', async () => {
    const tempDir = join(dir, 'preview-temp');
    const root = join(tempDir, UPLOADS_FOLDER);
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    mkdirSync(join(root, `${dead}-crashed`), { recursive: true });
    writeFileSync(join(root, `${dead}-crashed`, 'left-behind.csv'), 'a,b\n');
    mkdirSync(join(root, `${process.pid}-alive`));
    const small = await startPreviewServer({
      opened, dbPath: join(dir, 'p.db'), actor: 'test', rendererDir: dir, workerPath: join(dir, 'none.mjs'), port: 0, token: 'secret-token', tempDir, maxUploadBytes: 1000,
    });
    try {
      expect(existsSync(join(root, `${dead}-crashed`))).toBe(false);
      expect(existsSync(join(root, `${process.pid}-alive`))).toBe(true);
      const target = Number(new URL(small.url).port);
      const mine = () => readdirSync(root).filter((n) => n.startsWith(`${process.pid}-`) && n !== `${process.pid}-alive`);
      expect(mine()).toHaveLength(1);
      const ok = await chunkedUpload(target, [Buffer.alloc(400, 97), Buffer.alloc(400, 98)]);
      expect(ok.status).toBe(200);
      expect(readdirSync(join(root, mine()[0]!))).toHaveLength(1);
      const refused = await chunkedUpload(target, Array.from({ length: 20 }, () => Buffer.alloc(300, 99)));
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toEqual({ code: 'invalid', error: 'The file is larger than 1000 bytes.' });
      expect(readdirSync(join(root, mine()[0]!))).toHaveLength(1); // only the first, accepted upload
    } finally {
      await small.close();
    }
  });
});
