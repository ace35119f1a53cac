import { Agent, request } from 'node:http';
import { FuzzCase } from './fuzz-cases';

export interface CaseOutcome {
  fuzzCase: FuzzCase;
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Violation {
  fuzzCase: FuzzCase;
  status: number;
  problem: string;
  body: string;
}

/** Sends raw requests (no URL normalisation, any header), a few at a time. */
export class FuzzRunner {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(
    private readonly port: number,
    private readonly keys: Record<'admin' | 'read' | 'bogus', string>,
  ) {}

  async runAll(cases: FuzzCase[], concurrency: number, onOutcome: (o: CaseOutcome) => void): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const fuzzCase = cases[next++];
        onOutcome(await this.send(fuzzCase));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  close(): void {
    this.agent.destroy();
  }

  send(fuzzCase: FuzzCase): Promise<CaseOutcome> {
    const headers: Record<string, string> = { ...fuzzCase.headers };
    if (fuzzCase.credential !== 'none') headers['x-api-key'] = this.keys[fuzzCase.credential];
    if (fuzzCase.body) headers['content-length'] = String(fuzzCase.body.length);
    return new Promise((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: fuzzCase.method,
          path: fuzzCase.target,
          headers,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              fuzzCase,
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', (error) =>
            resolve({ fuzzCase, status: 0, body: `response error: ${error.message}`, headers: {} }),
          );
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
      // A closed connection or no answer counts as a failure (status 0): it is what a crash looks like.
      req.on('error', (error) =>
        resolve({ fuzzCase, status: 0, body: `request error: ${error.message}`, headers: {} }),
      );
      req.end(fuzzCase.body);
    });
  }
}

/**
 * What every answer must satisfy: never a 5xx (or no answer), never an
 * injected header, the exact status where one is required, and a 4xx body
 * that is the documented `{ code, message, details }` with a message.
 */
export function violationOf(outcome: CaseOutcome): Violation | null {
  const { fuzzCase, status, body } = outcome;
  const fail = (problem: string): Violation => ({ fuzzCase, status, problem, body: body.slice(0, 500) });
  if (status === 0) return fail('no answer');
  if (status >= 500) return fail('server error');
  if (outcome.headers['x-injected'] !== undefined) return fail('a header was injected into the response');
  if (fuzzCase.expectStatus !== undefined && status !== fuzzCase.expectStatus)
    return fail(`expected ${fuzzCase.expectStatus}`);
  if (status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return fail('4xx body is not JSON');
    }
    const error = parsed as { code?: unknown; message?: unknown };
    if (!parsed || typeof parsed !== 'object' || !('details' in parsed))
      return fail('4xx body lacks details');
    if (typeof error.code !== 'string' || error.code.length === 0) return fail('4xx body lacks a code');
    if (typeof error.message !== 'string' || error.message.trim().length === 0)
      return fail('4xx body lacks a message');
  }
  return null;
}
