import { randomBytes, randomUUID } from 'node:crypto';
import { psql } from '@flowpilot/shared/testing';
import { stackEnv } from '../support/app-env';
import { AppProcess } from '../support/app-process';
import { camundaGet, CAMUNDA_NODE1_URL } from '../support/camunda';
import { startGroupsAtLatest } from '../support/fuzz/consumer-groups';
import { bpmnWithoutProcess, malformedBpmn, validBpmn } from '../support/fuzz/malformed-bpmn';
import { RecordingProxy } from '../support/recording-proxy';

/**
 * BPMN XML brought by the caller (validate, validate with an engine verdict,
 * enhance): anything that is not a well-formed BPMN 2.0 document with a
 * process is a 400 with a reason, never a 5xx, never an entity resolved,
 * never deployed. The apps reach Camunda node1 through a recording proxy, so
 * the test sees every deployment they ask for.
 */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_bpmn_bad_${run}`;
const adminKey = `fp_bpmn_${randomBytes(16).toString('hex')}`;
const gatewayPort = 17_000 + Math.floor(Math.random() * 1_000);
const groupPrefix = `bpmn-bad-${run}`;
const processIdOf = (name: string) => `malformed_${name.replace(/-/g, '_')}_${run}`;

const env: Record<string, string> = {
  ...stackEnv({ groupPrefix, database, logLevel: 'warn' }),
  GATEWAY_BOOTSTRAP_ADMIN_KEY: adminKey,
  CAMUNDA_NODE_1_NAME: 'node1',
  CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL,
};

interface Answer {
  status: number;
  text: string;
  json: {
    code?: unknown;
    message?: unknown;
    details?: unknown;
    parse?: { ok: boolean };
    engine?: { ok: boolean } | null;
    lint?: { errors: number };
  };
}

async function post(path: string, body: string | Buffer, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/bpmn${path}`, {
    method: 'POST',
    headers: { 'x-api-key': adminKey, 'content-type': contentType },
    body,
  });
  const text = await response.text();
  let json: Answer['json'] = {};
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    // Left empty: the assertions below report a non-JSON answer.
  }
  return { status: response.status, text, json };
}

const calls = (xml: string) => [
  { route: 'validate', send: () => post('/validate', JSON.stringify({ source: { kind: 'xml', xml } })) },
  {
    route: 'validate on node1',
    send: () => post('/validate', JSON.stringify({ source: { kind: 'xml', xml }, node: 'node1' })),
  },
  {
    route: 'enhance',
    send: () => post('/enhance', JSON.stringify({ source: { kind: 'xml', xml }, passes: ['sla-timers'] })),
  },
];

describe('malformed BPMN uploads', () => {
  const gateway = new AppProcess('gateway', env, gatewayPort, `bpmn-bad-${run}`);
  const generator = new AppProcess('bpmn-generator', env, gatewayPort + 1, `bpmn-bad-${run}`);
  const node1 = new RecordingProxy(CAMUNDA_NODE1_URL);
  const deploymentsAsked = () => node1.matching('POST', /\/deployment\/create(\?|$)/);

  beforeAll(async () => {
    env.CAMUNDA_NODE_1_URL = await node1.start();
    psql(`CREATE DATABASE ${database}`);
    await startGroupsAtLatest([`${groupPrefix}.gateway`, `${groupPrefix}.bpmn-generator`]);
    await Promise.all([gateway.start(), generator.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([gateway.stop(), generator.stop()]);
    await node1.stop();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('accepts a well-formed model (the control case)', async () => {
    const answer = await post(
      '/validate',
      JSON.stringify({ source: { kind: 'xml', xml: validBpmn(processIdOf('valid')) } }),
    );

    expect(answer.status).toBe(200);
    expect(answer.json.parse).toEqual({ ok: true, warnings: [] });
  }, 60_000);

  it('accepts DOCTYPE-looking text inside CDATA (a script body): only a declaration is refused', async () => {
    const script =
      '<bpmn:scriptTask id="script" scriptFormat="javascript"><bpmn:script><![CDATA[ const page = "<!DOCTYPE html><!ENTITY x>"; ]]></bpmn:script></bpmn:scriptTask>';
    const xml = validBpmn(processIdOf('cdata')).replace('</bpmn:process>', `${script}</bpmn:process>`);

    const answer = await post('/validate', JSON.stringify({ source: { kind: 'xml', xml } }));

    expect({ status: answer.status, parse: answer.json.parse }).toEqual({
      status: 200,
      parse: { ok: true, warnings: [] },
    });
  }, 60_000);

  it.each(malformedBpmn(processIdOf).map((c) => [c.name, c] as const))(
    'answers %s with a 400 naming the problem on every route, resolving no entity',
    async (_name, malformed) => {
      const deploymentsBefore = deploymentsAsked().length;
      const problem = malformed.reason.source === 'DOCTYPE' ? 'doctype' : 'malformed-xml';
      for (const call of calls(malformed.xml)) {
        const answer = await call.send();

        expect({ route: call.route, status: answer.status, code: answer.json.code }).toEqual({
          route: call.route,
          status: 400,
          code: 'validation_failed',
        });
        expect(answer.json.message).toEqual(expect.stringMatching(malformed.reason));
        expect(answer.json.details).toEqual(expect.objectContaining({ problem }));
        expect(answer.text).not.toMatch(/root:x?:0:0|lollollol/);
      }
      expect(deploymentsAsked()).toHaveLength(deploymentsBefore);
    },
    120_000,
  );

  it('answers definitions without a process with a 400 naming the problem on every route, deploying nothing', async () => {
    // The control: a model with a process does reach the engine through the proxy.
    const control = await post(
      '/validate',
      JSON.stringify({ source: { kind: 'xml', xml: validBpmn(processIdOf('control')) }, node: 'node1' }),
    );
    expect({ status: control.status, engine: control.json.engine }).toEqual({
      status: 200,
      engine: expect.objectContaining({ ok: true }),
    });
    const deploymentsBefore = deploymentsAsked().length;
    expect(deploymentsBefore).toBeGreaterThan(0);

    for (const call of calls(bpmnWithoutProcess())) {
      const answer = await call.send();

      expect({ route: call.route, status: answer.status, body: answer.json }).toEqual({
        route: call.route,
        status: 400,
        body: {
          code: 'validation_failed',
          message: expect.stringContaining('no <process>'),
          details: { problem: 'no-process', processCount: 0 },
        },
      });
    }
    expect(deploymentsAsked()).toHaveLength(deploymentsBefore);
  }, 90_000);

  it('refuses huge documents: over the body limit 413, over the XML limit 400', async () => {
    const overBody = await post(
      '/validate',
      JSON.stringify({ source: { kind: 'xml', xml: 'x'.repeat(2_000_000) } }),
    );
    const overXml = await post(
      '/validate',
      JSON.stringify({ source: { kind: 'xml', xml: validBpmn(processIdOf('huge')) + ' '.repeat(850_000) } }),
    );

    expect({ status: overBody.status, code: overBody.json.code }).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
    expect({ status: overXml.status, code: overXml.json.code }).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect(overXml.json.message).toBeTruthy();
  }, 60_000);

  it.each([
    ['raw XML', 'application/xml'],
    ['raw XML as text', 'text/xml'],
    ['a multipart upload', 'multipart/form-data; boundary=fp'],
    ['a form', 'application/x-www-form-urlencoded'],
  ])(
    'answers %s (%s) with a 400: the API takes JSON',
    async (_what, contentType) => {
      const xml = validBpmn(processIdOf('content-type'));
      const body = contentType.startsWith('multipart')
        ? `--fp\r\nContent-Disposition: form-data; name="file"; filename="m.bpmn"\r\nContent-Type: application/xml\r\n\r\n${xml}\r\n--fp--\r\n`
        : contentType.includes('form')
          ? `xml=${encodeURIComponent(xml)}`
          : xml;

      for (const path of ['/validate', '/enhance']) {
        const answer = await post(path, body, contentType);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
        expect(answer.json.message).toEqual(expect.any(String));
      }
    },
    60_000,
  );

  it('deployed none of them to the engine', async () => {
    const keys = [...malformedBpmn(processIdOf).map((c) => processIdOf(c.name)), processIdOf('huge')];

    const definitions = await camundaGet<unknown[]>(
      CAMUNDA_NODE1_URL,
      `/process-definition?keysIn=${keys.join(',')}`,
    );

    expect(definitions).toEqual([]);
  });
});
