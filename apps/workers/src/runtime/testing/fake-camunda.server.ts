import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { CamundaFleet } from '@flowpilot/shared';
import { FetchedExternalTask } from '../external-task.types';

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

interface FakeTask extends FetchedExternalTask {
  lockedBy: string | null;
}

/**
 * An in-process HTTP server speaking the external-task part of Camunda's
 * REST API (fetchAndLock with long polling, complete, failure, bpmnError,
 * extendLock, unlock), recording every request, for the runtime's tests.
 */
export class FakeCamundaServer {
  readonly requests: RecordedRequest[] = [];
  private readonly tasks: FakeTask[] = [];
  private readonly waiting = new Set<() => void>();
  private readonly held = new Map<string, Promise<void>>();
  private server: Server | undefined;
  private failFetches = 0;
  private sequence = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/engine-rest`;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A fleet of this one node, named `fake`. */
  fleet(url: string): CamundaFleet {
    return new CamundaFleet({ nodes: [{ index: 1, name: 'fake', url }], requestTimeoutMs: 2_000 });
  }

  addTask(topicName: string, overrides: Partial<FetchedExternalTask> = {}): string {
    this.sequence += 1;
    const id = `task-${this.sequence}`;
    this.tasks.push({
      id,
      topicName,
      workerId: '',
      activityId: 'Activity_1',
      activityInstanceId: null,
      executionId: null,
      processInstanceId: `pi-${this.sequence}`,
      processDefinitionId: 'def:1',
      processDefinitionKey: 'def',
      businessKey: null,
      priority: 0,
      retries: null,
      lockExpirationTime: null,
      variables: {},
      ...overrides,
      lockedBy: null,
    });
    for (const wake of this.waiting) wake();
    return id;
  }

  /**
   * Requests to `action` (complete, unlock, …) are recorded at once but answered only after the returned
   * release is called: a report caught in flight.
   */
  holdResponsesTo(action: string): () => void {
    let release: () => void = () => undefined;
    this.held.set(action, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.held.delete(action);
      release();
    };
  }

  /** The next `count` fetches answer 500. */
  failNextFetches(count: number): void {
    this.failFetches = count;
  }

  requestsTo(action: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(`/${action}`));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = (req.url ?? '').replace(/^\/engine-rest/, '');
    this.requests.push({ path, body, at: Date.now() });
    if (path === '/external-task/fetchAndLock') return this.fetchAndLock(body, res);
    const match = /^\/external-task\/([^/]+)\/(complete|failure|bpmnError|extendLock|unlock)$/.exec(path);
    if (!match) return send(res, 404, { type: 'NotFound', message: path });
    await this.held.get(match[2]);
    const task = this.tasks.find((t) => t.id === decodeURIComponent(match[1]));
    if (!task)
      return send(res, 404, { type: 'RestException', message: `External task ${match[1]} does not exist` });
    if (match[2] === 'unlock') task.lockedBy = null;
    else if (match[2] === 'extendLock') {
      if (task.lockedBy !== body.workerId)
        return send(res, 500, { type: 'BadUserRequestException', message: 'lock not held' });
    } else this.tasks.splice(this.tasks.indexOf(task), 1);
    send(res, 204);
  }

  private async fetchAndLock(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (this.failFetches > 0) {
      this.failFetches -= 1;
      return send(res, 503, { type: 'ServiceUnavailable', message: 'engine starting' });
    }
    const topics = new Set((body.topics as { topicName: string }[]).map((t) => t.topicName));
    const take = (): FakeTask[] =>
      this.tasks
        .filter((t) => t.lockedBy === null && topics.has(t.topicName))
        .slice(0, Number(body.maxTasks));
    let found = take();
    const timeout = Number(body.asyncResponseTimeout ?? 0);
    if (found.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeout);
        this.waiting.add(done);
      });
      found = take();
    }
    for (const task of found) task.lockedBy = String(body.workerId);
    send(
      res,
      200,
      found.map(({ lockedBy, ...task }) => ({ ...task, workerId: lockedBy })),
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => resolve(data));
  });
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
