import { TransientError } from '../errors/transient-error';
import type { CamundaNodeConfig } from '../config/camunda-node-settings';

export class CamundaRestError extends Error {
  constructor(
    readonly node: string,
    readonly status: number,
    readonly camundaType: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'CamundaRestError';
  }
}

export interface CamundaRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** multipart/form-data, e.g. for /deployment/create */
  form?: FormData;
  timeoutMs?: number;
  /** Read the body as text instead of JSON (stack traces, BPMN XML). */
  text?: boolean;
}

/**
 * Transport to one node's `/engine-rest`: basic auth, a timeout per request,
 * and errors that say which node and what Camunda answered. Unreachable nodes
 * and 5xx answers raise `TransientError` (worth retrying); 4xx raise
 * `CamundaRestError`. Each app wraps the calls it needs in its own API class.
 */
export class CamundaRestClient {
  private readonly authorization?: string;

  constructor(
    readonly node: CamundaNodeConfig,
    private readonly defaultTimeoutMs: number,
  ) {
    if (node.username) {
      this.authorization = `Basic ${Buffer.from(`${node.username}:${node.password ?? ''}`).toString('base64')}`;
    }
  }

  get<T>(path: string, request: CamundaRequest = {}): Promise<T> {
    return this.request<T>('GET', path, request);
  }

  post<T>(path: string, request: CamundaRequest = {}): Promise<T> {
    return this.request<T>('POST', path, request);
  }

  put<T>(path: string, request: CamundaRequest = {}): Promise<T> {
    return this.request<T>('PUT', path, request);
  }

  async request<T>(method: string, path: string, request: CamundaRequest = {}): Promise<T> {
    const url = this.url(path, request.query);
    const headers: Record<string, string> = { accept: request.text ? 'text/plain, */*' : 'application/json' };
    if (this.authorization) headers.authorization = this.authorization;
    let body: string | FormData | undefined;
    if (request.form) body = request.form;
    else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(request.timeoutMs ?? this.defaultTimeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : describeNetworkError(error);
      throw new TransientError(`Camunda node ${this.node.name}: ${method} ${path} ${reason}`, {
        cause: error,
      });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!response.ok) {
      const { type, message } = parseCamundaError(text);
      const description = `Camunda node ${this.node.name}: ${method} ${path} answered ${response.status}${message ? `: ${message}` : ''}`;
      if (response.status >= 500 && !isEngineVerdict(type)) throw new TransientError(description);
      throw new CamundaRestError(this.node.name, response.status, type, description);
    }
    if (request.text) return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private url(path: string, query: CamundaRequest['query']): string {
    const url = new URL(this.node.url + (path.startsWith('/') ? path : `/${path}`));
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }
}

function parseCamundaError(text: string): { type: string | null; message: string | null } {
  try {
    const json = JSON.parse(text) as { type?: unknown; message?: unknown };
    return {
      type: typeof json.type === 'string' ? json.type : null,
      message: typeof json.message === 'string' ? json.message : null,
    };
  } catch {
    return { type: null, message: text.slice(0, 500) || null };
  }
}

/**
 * A 5xx that carries a Camunda exception type is the engine's verdict on the
 * request (a missing entity, an unparsable model, a failing expression): the
 * engine is up, and asking again gives the same answer. Only contention and
 * persistence trouble inside the engine, or a 5xx without a Camunda body (a
 * proxy, a node starting up), are worth retrying.
 */
function isEngineVerdict(type: string | null): boolean {
  return type !== null && !/OptimisticLocking|Persistence|Connection|Timeout/i.test(type);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
}
