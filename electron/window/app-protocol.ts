/**
 * Serves the built renderer from app://renderer/ instead of file://, so the
 * page has a real origin, every response carries the CSP header, and no path
 * outside the renderer folder can be read.
 */
import { net, protocol } from 'electron';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../hosts/content-security-policy';

export const APP_ORIGIN = 'app://renderer';

export function registerAppProtocol(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const path = resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
    const inside = relative(rendererDir, path);
    if (url.host !== 'renderer' || inside.startsWith('..') || resolve(rendererDir, inside) !== path) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
