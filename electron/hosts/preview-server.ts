/**
 * The preview host: the same API handlers behind POST /api/<method> on
 * 127.0.0.1 only, guarded by a random token, with progress as server-sent
 * events, serving the built renderer. It is how the real UI runs in any
 * browser (and in the browser tests) where Electron cannot.
 *
 * Guards: the token (a header for API calls, the query for the event stream;
 * the page gets it in a meta tag when its address carries it), the Host header (must name this loopback port: defeats DNS
 * rebinding), and the Origin header when a browser sends one.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sirv from 'sirv';
import type { ProgressEvent } from '../../shared/api';
import type { Opened } from '../../db/open';
import { createHandlers, dispatch } from '../engine/api/handlers';
import { warmUp } from '../engine/api/warm-up';
import { CommandWorker } from '../engine/jobs/command-worker';
import { processRunning } from '../engine/process-alive';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';

export interface PreviewOptions {
  opened: Opened;
  dbPath: string;
  actor: string;
  rendererDir: string;
  workerPath: string;
  port: number;
  token?: string;
  /** largest upload in bytes, counted as it streams in (default 2 GB; tests pass a small one) */
  maxUploadBytes?: number;
  /** where the uploads folder lives (default: the system temp folder) */
  tempDir?: string;
}

export interface PreviewServer {
  server: Server;
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_JSON_BODY = 1024 * 1024;
const MAX_UPLOAD = 2 * 1024 * 1024 * 1024;

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

class BodyTooLargeError extends Error {}

/** All previews keep their uploads under this folder, one `<pid>-<random>` folder each. */
export const UPLOADS_FOLDER = 'billing-preview-uploads';

/**
 * This preview's uploads folder, after removing those of previews that are no
 * longer running: a crashed or killed preview never got to delete its uploads.
 */
function freshUploadDir(tempDir: string): string {
  const root = join(tempDir, UPLOADS_FOLDER);
  mkdirSync(root, { recursive: true });
  for (const name of readdirSync(root)) {
    const pid = /^(\d{1,10})-/.exec(name)?.[1];
    if (pid !== undefined && !processRunning(Number(pid))) rmSync(join(root, name), { recursive: true, force: true });
  }
  return mkdtempSync(join(root, `${process.pid}-`));
}

class UploadTooLargeError extends Error {}

/** Passes bytes through until more than `max` have come, whatever Content-Length said (or did not say). */
function capped(max: number): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > max) done(new UploadTooLargeError());
      else done(null, chunk);
    },
  });
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MB`;
  return `${bytes} bytes`;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

const STATUS_OF = { invalid: 400, not_found: 404, conflict: 409, cancelled: 409, failed: 500 } as const;

export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxUpload = options.maxUploadBytes ?? MAX_UPLOAD;
  const uploadDir = freshUploadDir(options.tempDir ?? tmpdir());
  const uploads = new Map<string, string>();
  const listeners = new Set<ServerResponse>();
  const broadcast = (event: ProgressEvent) => {
    for (const res of listeners) res.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  // Every write runs as an engine command in this one worker thread; reads stay on the server's connection.
  const commands = new CommandWorker({ workerPath: options.workerPath, dbPath: options.dbPath, onProgress: broadcast });
  const handlers = createHandlers({
    sqlite: options.opened.sqlite,
    dbPath: options.dbPath,
    actor: options.actor,
    resolveFile: (fileToken) => {
      const path = uploads.get(fileToken);
      if (!path) throw new Error('that upload is unknown; upload the file again');
      return path;
    },
    runCommand: (request, jobId, actor) => commands.run(request, jobId, actor),
    previewCommand: (request, jobId, actor) => commands.preview(request, jobId, actor),
    cancelJob: (jobId) => commands.cancel(jobId),
  });
  const indexHtml = readFileSync(join(options.rendererDir, 'index.html'), 'utf8');
  // No extension guessing (`/index` would otherwise be index.html without the token check).
  const assets = sirv(options.rendererDir, { dev: false, etag: true, gzip: false, brotli: false, extensions: [] });
  let port = options.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const securityHeaders = (res: ServerResponse) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'SAMEORIGIN');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
  };

  const server = createServer((req, res) => {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, { code: 'invalid', error: 'Requests must be addressed to 127.0.0.1.' });
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      return send(res, 403, { code: 'invalid', error: 'Cross-origin requests are refused.' });
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok');
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const given = url.searchParams.get('token');
      // Without a token the page is served bare (it is the same static bundle as its scripts): the renderer strips the
      // token from the address bar and keeps it in sessionStorage, so a reload arrives without one. Its API calls still need it.
      if (given !== null && !sameToken(given, token)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('Open the address printed by `npm start` (it carries the access token).');
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(given === null ? indexHtml : indexHtml.replace('<head>', `<head>\n    <meta name="billing-token" content="${token}">`));
    }
    if (url.pathname === '/api/events') {
      if (!sameToken(url.searchParams.get('token'), token)) return send(res, 401, { code: 'invalid', error: 'Missing or wrong access token.' });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!sameToken(req.headers['x-billing-token'] as string | undefined, token)) {
        return send(res, 401, { code: 'invalid', error: 'Missing or wrong access token.' });
      }
      if (req.method !== 'POST') return send(res, 405, { code: 'invalid', error: 'Use POST for API calls.' });
      if (url.pathname === '/api/upload') return void handleUpload(req, res);
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return send(res, 400, { code: 'invalid', error: 'Unknown API method.' });
      }
      return void (async () => {
        let args: unknown;
        try {
          args = await readJson(req);
        } catch (error) {
          if (error instanceof BodyTooLargeError) {
            res.setHeader('connection', 'close');
            return send(res, 413, { code: 'invalid', error: 'The request body is larger than 1 MB.' });
          }
          return send(res, 400, { code: 'invalid', error: 'The request body is not valid JSON.' });
        }
        const outcome = await dispatch(handlers, method, args);
        if (outcome.ok) send(res, 200, outcome.result);
        else send(res, STATUS_OF[outcome.error.code], outcome.error);
      })();
    }
    // The page is served only above, with its token check; never as a static file.
    if (/\.html?$/i.test(url.pathname) || url.pathname.endsWith('/')) return send(res, 404, { code: 'not_found', error: 'Not found.' });
    // sirv lists the files once at start: a file removed since (the renderer was rebuilt) is a 404, not a crash.
    let onDisk: string;
    try {
      onDisk = resolve(options.rendererDir, `.${decodeURIComponent(url.pathname)}`);
    } catch {
      return send(res, 404, { code: 'not_found', error: 'Not found.' });
    }
    if (!onDisk.startsWith(resolve(options.rendererDir) + sep) || !existsSync(onDisk)) return send(res, 404, { code: 'not_found', error: 'Not found.' });
    assets(req, res, () => send(res, 404, { code: 'not_found', error: 'Not found.' }));
  });

  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawName = req.headers['x-file-name'];
    let name: string;
    try {
      name = decodeURIComponent(typeof rawName === 'string' ? rawName : '').trim();
    } catch {
      name = '';
    }
    if (name === '' || name.length > 500) return send(res, 400, { code: 'invalid', error: 'The upload needs a file name.' });
    const tooLarge = () => {
      res.setHeader('connection', 'close');
      send(res, 413, { code: 'invalid', error: `The file is larger than ${sizeText(maxUpload)}.` });
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxUpload) return tooLarge();
    // The upload is stored under a random name: the browser's file name never becomes a path.
    // Only a known extension is kept, because a profile file is recognised by its .json ending.
    const fileToken = randomUUID();
    const extension = /\.(csv|json|ndjson|jsonl|txt)$/i.exec(name)?.[0].toLowerCase() ?? '';
    const path = join(uploadDir, `${fileToken}${extension}`);
    try {
      // Counted as it streams: a chunked upload has no Content-Length to check up front.
      await pipeline(req, capped(maxUpload), createWriteStream(path));
    } catch (error) {
      rmSync(path, { force: true });
      if (error instanceof UploadTooLargeError) return tooLarge();
      return send(res, 400, { code: 'invalid', error: 'The upload did not arrive whole; try again.' });
    }
    uploads.set(fileToken, path);
    send(res, 200, { token: fileToken, name });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address && typeof address === 'object') port = address.port;
  // Listening first: the browser's first requests queue behind the warm-up instead of finding no server.
  setImmediate(() => void warmUp(handlers));
  return {
    server,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end();
        server.close(() => {
          rmSync(uploadDir, { recursive: true, force: true });
          void commands.close().then(resolve);
        });
      }),
  };
}
