/**
 * The renderer's one door to the engine, whichever host runs it:
 *  - Electron: `window.billing`, exposed by the sandboxed preload.
 *  - Preview (any browser): `POST /api/<method>` on the loopback host, guarded
 *    by the token the host injects into index.html; progress over SSE.
 * Every result is validated with the zod result schema of shared/api.ts, so a
 * host that drifts from the contract fails loudly instead of rendering nonsense.
 */
import { z } from 'zod';
import {
  api,
  apiError,
  fileRef,
  progressEvent,
  type ApiError,
  type ArgsOf,
  type BillingClient,
  type MethodName,
  type ProgressEvent,
  type ResultOf,
} from '../../shared/api';

export type FileRef = z.infer<typeof fileRef>;
/** What a native file dialog is for (its title and file filter). */
export type FilePurpose = 'import' | 'profile' | 'logo';
export type ErrorCode = ApiError['code'];

/** A failure a person can read: `message` is one sentence, never a stack. */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export interface RendererClient extends Omit<BillingClient, 'pickFiles'> {
  pickFiles?(purpose?: FilePurpose): Promise<FileRef[]>;
  /** 'electron' when the preload bridge is present, 'preview' in a browser */
  readonly host: 'electron' | 'preview';
  /** Hands files chosen in the page (input or drop) to the host; returns fileRefs for import.files. */
  uploadFiles(files: File[]): Promise<FileRef[]>;
  /** A native folder dialog (desktop only; the preview exports beside its database). Null when cancelled. */
  pickFolder?(): Promise<FileRef | null>;
}

interface PreloadBridge {
  call(method: string, args: unknown): Promise<unknown>;
  onProgress(listener: (event: unknown) => void): () => void;
  pickFiles(purpose?: FilePurpose): Promise<unknown>;
  pickFolder?(): Promise<unknown>;
  registerDroppedFiles(files: File[]): Promise<unknown>;
}

declare global {
  interface Window {
    billing?: PreloadBridge;
  }
}

const fileRefs = z.array(fileRef);
const ERROR_CODES: readonly ErrorCode[] = ['invalid', 'not_found', 'conflict', 'cancelled', 'failed'];

/** Makes sure what reaches the user is one readable sentence. */
export function oneSentence(text: string): string {
  const first = (text.split('\n')[0] ?? '').replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '').trim();
  if (first === '') return 'Something went wrong.';
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Turns anything thrown into an ApiCallError. */
export function toApiCallError(error: unknown): ApiCallError {
  if (error instanceof ApiCallError) return error;
  if (error instanceof z.ZodError) {
    return new ApiCallError('The app received an answer it did not expect; please restart it.', 'failed');
  }
  const record = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; code?: unknown };
  const message = typeof record.message === 'string' ? record.message : String(error);
  const code = ERROR_CODES.includes(record.code as ErrorCode) ? (record.code as ErrorCode) : 'failed';
  return new ApiCallError(oneSentence(message), code);
}

function parseResult<M extends MethodName>(method: M, raw: unknown): ResultOf<M> {
  const parsed = api[method].result.safeParse(raw);
  if (!parsed.success) {
    console.error(`[api] ${method}: result does not match the contract`, parsed.error.issues);
    throw new ApiCallError('The app received an answer it did not expect; please restart it.', 'failed');
  }
  return parsed.data as ResultOf<M>;
}

function parseProgress(raw: unknown): ProgressEvent | null {
  const parsed = progressEvent.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function electronClient(bridge: PreloadBridge): RendererClient {
  return {
    host: 'electron',
    async call(method, args) {
      let raw: unknown;
      try {
        raw = await bridge.call(method, args);
      } catch (error) {
        throw toApiCallError(error);
      }
      return parseResult(method, raw);
    },
    onProgress(listener) {
      return bridge.onProgress((raw) => {
        const event = parseProgress(raw);
        if (event) listener(event);
      });
    },
    async pickFiles(purpose?: FilePurpose) {
      return fileRefs.parse(await bridge.pickFiles(purpose));
    },
    ...(bridge.pickFolder
      ? {
          async pickFolder() {
            const picked = await bridge.pickFolder!();
            return picked === null ? null : fileRef.parse(picked);
          },
        }
      : {}),
    async uploadFiles(files) {
      try {
        return fileRefs.parse(await bridge.registerDroppedFiles(files));
      } catch (error) {
        throw toApiCallError(error);
      }
    },
  };
}

const TOKEN_KEY = 'billing-preview-token';

/**
 * The preview's access token: from the page (the host puts it in a meta tag when
 * the address carries it) or the address, else from this tab's sessionStorage.
 * It is kept in sessionStorage and taken out of the address bar at once, so it
 * is not left in the history, a bookmark or a shared screenshot, while a reload
 * (which arrives without it) still works.
 */
export function previewToken(): string {
  const params = new URLSearchParams(window.location.search);
  const fromPage = document.querySelector<HTMLMetaElement>('meta[name="billing-token"]')?.content || params.get('token') || '';
  if (fromPage) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromPage);
    } catch {
      // storage refused (private mode): the token still works until the tab is reloaded
    }
  }
  if (params.has('token')) {
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  }
  if (fromPage) return fromPage;
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

async function readFailure(response: Response): Promise<ApiCallError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through to a generic sentence
  }
  const parsed = apiError.safeParse(body);
  if (parsed.success) return new ApiCallError(oneSentence(parsed.data.error), parsed.data.code);
  if (response.status === 401 || response.status === 403) {
    return new ApiCallError('The preview refused the request; open the address printed by the preview host again.', 'invalid');
  }
  return new ApiCallError(`The preview host answered with an error (HTTP ${response.status}).`, 'failed');
}

function previewClient(): RendererClient {
  const token = previewToken();
  const listeners = new Set<(event: ProgressEvent) => void>();
  let source: EventSource | null = null;

  const ensureEvents = () => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      let raw: unknown;
      try {
        raw = JSON.parse(message.data);
      } catch {
        return;
      }
      const event = parseProgress(raw);
      if (event) for (const listener of listeners) listener(event);
    };
  };

  async function post(path: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(path, { ...init, method: 'POST', cache: 'no-store', credentials: 'same-origin' });
    } catch {
      throw new ApiCallError('Cannot reach the Billing Reviewer host; check that the preview is still running.', 'failed');
    }
    if (!response.ok) throw await readFailure(response);
    try {
      return await response.json();
    } catch {
      throw new ApiCallError('The preview host sent an answer that is not JSON.', 'failed');
    }
  }

  return {
    host: 'preview',
    async call(method, args) {
      const raw = await post(`/api/${method}`, {
        headers: { 'content-type': 'application/json', 'x-billing-token': token },
        body: JSON.stringify(args ?? {}),
      });
      return parseResult(method, raw);
    },
    onProgress(listener) {
      listeners.add(listener);
      ensureEvents();
      return () => {
        listeners.delete(listener);
      };
    },
    async uploadFiles(files) {
      const refs: FileRef[] = [];
      for (const file of files) {
        const raw = await post('/api/upload', {
          headers: {
            'x-billing-token': token,
            'x-file-name': encodeURIComponent(file.name),
            'content-type': 'application/octet-stream',
          },
          body: file,
        });
        const parsed = fileRef.safeParse(raw);
        if (!parsed.success) throw new ApiCallError(`The upload of ${file.name} was not acknowledged.`, 'failed');
        refs.push(parsed.data);
      }
      return refs;
    },
  };
}

let client: RendererClient | null = null;

/** The BillingClient of this window (created once). */
export function getClient(): RendererClient {
  client ??= window.billing ? electronClient(window.billing) : previewClient();
  return client;
}

/** A job id the contract accepts (letters, digits, dashes). */
export function newJobId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Outside a secure context randomUUID is missing; 16 random bytes in hex fit the job_id pattern too.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export type { ArgsOf, MethodName, ProgressEvent, ResultOf };
