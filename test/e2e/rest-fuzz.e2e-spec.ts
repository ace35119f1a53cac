import { randomBytes, randomUUID } from 'node:crypto';
import { psql } from '@flowpilot/shared/testing';
import { stackEnv } from '../support/app-env';
import { AppProcess } from '../support/app-process';
import { CAMUNDA_NODE1_URL } from '../support/camunda';
import { startGroupsAtLatest } from '../support/fuzz/consumer-groups';
import { FuzzCase, FuzzCaseBuilder } from '../support/fuzz/fuzz-cases';
import { CaseOutcome, FuzzRunner, Violation, violationOf } from '../support/fuzz/fuzz-runner';
import { OpenApiDocument, Operation, operationsOf } from '../support/fuzz/openapi-operations';
import { fuzzSeed, SeededRandom } from '../support/fuzz/seeded-random';

/**
 * Schema-aware fuzzing of every operation in the gateway's OpenAPI document,
 * against the gateway (and the bpmn-generator behind its BPMN routes) as real
 * processes. Each answer must be a non-5xx, a 4xx must carry the documented
 * error body, and auth must be decided before validation. Replay a run with
 * FUZZ_SEED=<seed printed below>.
 */
const run = randomUUID().slice(0, 8);
const seed = fuzzSeed(process.env.FUZZ_SEED);
const database = `flowpilot_fuzz_${run}`;
const adminKey = `fp_fuzz_${randomBytes(16).toString('hex')}`;
const gatewayPort = 15_000 + Math.floor(Math.random() * 1_000);
const BODY_LIMIT_BYTES = 64 * 1_024;
const groupPrefix = `fuzz-${run}`;

const env: Record<string, string> = {
  ...stackEnv({ groupPrefix, database, logLevel: 'warn' }),
  GATEWAY_BOOTSTRAP_ADMIN_KEY: adminKey,
  HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
  // Thousands of requests from one key: the limiter is not what this test is about.
  API_RATE_LIMIT_PER_MINUTE: '1000000',
  API_RATE_LIMIT_BURST: '1000000',
  BPMN_REQUEST_TIMEOUT_MS: '20000',
};
/** The gateway knows the shared node1 (remediation routes reach it); the generator knows no node, so nothing is deployed. */
const gatewayEnv = { ...env, CAMUNDA_NODE_1_NAME: 'node1', CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL };

describe(`REST fuzzing of every gateway operation (seed ${seed})`, () => {
  const gateway = new AppProcess('gateway', gatewayEnv, gatewayPort, `fuzz-${run}`);
  const generator = new AppProcess('bpmn-generator', env, gatewayPort + 1, `fuzz-${run}`);
  let operations: Operation[] = [];
  let readKey = '';

  beforeAll(async () => {
    process.stdout.write(`rest-fuzz: seed ${seed} (replay with FUZZ_SEED=${seed})\n`);
    psql(`CREATE DATABASE ${database}`);
    await startGroupsAtLatest([`${groupPrefix}.gateway`, `${groupPrefix}.bpmn-generator`]);
    await Promise.all([gateway.start(), generator.start()]);
    const document = (await (
      await fetch(`http://127.0.0.1:${gatewayPort}/docs-json`)
    ).json()) as OpenApiDocument;
    operations = operationsOf(document);
    const created = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `fuzz-read-${run}`, scopes: ['read'] }),
    });
    readKey = ((await created.json()) as { key: string }).key;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([gateway.stop(), generator.stop()]);
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('answers thousands of generated and hostile requests without a 5xx, with the documented error body', async () => {
    const builder = new FuzzCaseBuilder({
      random: new SeededRandom(seed),
      bodyLimitBytes: BODY_LIMIT_BYTES,
      policy: (operation) => {
        // A valid PUT /thresholds is published to every analyzer on the shared broker: only refusals are sent.
        if (operation.label === 'PUT /api/v1/thresholds') return 'invalid-only';
        // bpmn.request.v1 is shared too: every bpmn-generator on the broker runs a valid command. Keep those few.
        if (operation.method === 'POST' && operation.path.startsWith('/api/v1/bpmn/')) return 'bounded';
        return 'full';
      },
      knownPathValues: { nodeId: 'node1' },
    });
    const cases: FuzzCase[] = operations.flatMap((operation) => builder.casesFor(operation));
    const runner = new FuzzRunner(gatewayPort, {
      admin: adminKey,
      read: readKey,
      bogus: `fp_${randomBytes(24).toString('hex')}`,
    });
    const violations: Violation[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    try {
      await runner.runAll(cases, 8, (outcome: CaseOutcome) => {
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const violation = violationOf(outcome);
        if (violation) violations.push(violation);
      });
    } finally {
      runner.close();
    }
    const live = await fetch(`http://127.0.0.1:${gatewayPort}/health/live`);

    const histogram = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
    process.stdout.write(
      [
        `rest-fuzz: seed ${seed}: ${cases.length} cases over ${operations.length} operations in ${Date.now() - started} ms`,
        `rest-fuzz: statuses ${histogram.join(' ')}`,
        `rest-fuzz: ${violations.length} violations`,
        ...violations
          .slice(0, 25)
          .map(
            (v) =>
              `  ${v.status} ${v.problem}: ${v.fuzzCase.operation} [${v.fuzzCase.kind}] ${v.fuzzCase.method} ${v.fuzzCase.target.slice(0, 120)} → ${v.body.slice(0, 200)}`,
          ),
      ].join('\n') + '\n',
    );
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(cases.length).toBeGreaterThanOrEqual(3_000);
    expect(live.status).toBe(200);
    expect(
      violations.map((v) => `${v.status} ${v.problem}: ${v.fuzzCase.operation} [${v.fuzzCase.kind}]`),
    ).toEqual([]);
  }, 600_000);
});
