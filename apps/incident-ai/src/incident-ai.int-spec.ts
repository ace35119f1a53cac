import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  PayloadOf,
  PublishOptions,
  TopicName,
  CAMUNDA_NODE_FAMILY,
  ContextLogger,
  EventPublisher,
  IncidentAnalyzed,
  IncidentAnalyzedSchema,
  IncidentOpened,
  IncidentPattern,
  loadConfig,
} from '@flowpilot/shared';
import { psql } from '@flowpilot/shared/testing';
import { CAMUNDA_NODE1_URL, camundaGet, deployBpmn, startInstance } from '../../../test/support/camunda';
import { waitFor } from '../../../test/support/wait-for';
import { IncidentAiConfigSchema } from './incident-ai.config';
import { CamundaEngineApi } from './model/camunda-engine.api';
import { groupStable, startIncidentAi } from './testing/incident-ai-under-test';

/**
 * Real Camunda 7.24, Kafka and PostgreSQL: models that fail in known ways are
 * deployed and started, each incident is read from Camunda's REST API and
 * published as the collector would (`camunda.incident.opened.v1`), and
 * incident-ai must publish the right analysis and pattern for it.
 */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_it_ia_${run}`;
const groupId = `it-${run}.incident-ai`;
const FIXTURES = resolve(__dirname, '../../../test/fixtures/incidents/bpmn');
// Run-specific node names: collectors of other test runs publish facts about these same Camunda incidents
// under their own node names, and this test judges only the facts it published itself.
const NODE1 = { name: `it-${run}-node1`, url: CAMUNDA_NODE1_URL };
const NODE2 = {
  name: `it-${run}-node2`,
  url: process.env.CAMUNDA_NODE_2_URL ?? 'http://127.0.0.1:8081/engine-rest',
};
type Node = typeof NODE1;

interface CamundaIncident {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  incidentTimestamp: string;
  activityId: string | null;
  failedActivityId: string | null;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string | null;
  configuration: string | null;
  causeIncidentId: string | null;
  rootCauseIncidentId: string | null;
  tenantId: string | null;
}

interface Case {
  key: string;
  variables?: Record<string, { value: unknown; type: string }>;
  /** External tasks fail only when a worker says so: this is what the worker reports (details are optional). */
  workerFailure?: { errorMessage: string; errorDetails?: string };
  /** The fact carries the job's stack trace unless false: then incident-ai must fetch it from the engine. */
  sendStackTrace?: false;
  expected: Partial<IncidentAnalyzed> & Record<string, unknown>;
}

const CASES: Case[] = [
  {
    key: 'ia-missing-variable',
    expected: {
      family: 'missing-variable',
      remediation: expect.objectContaining({
        action: 'set-variable',
        retries: 1,
        variables: { orderAmount: { value: null, type: 'Long', valueRequired: true } },
      }),
    },
  },
  {
    key: 'ia-unresolvable-bean',
    expected: {
      family: 'unresolvable-bean',
      remediation: expect.objectContaining({ action: 'retry-after-fix' }),
    },
  },
  {
    key: 'ia-class-not-found',
    expected: {
      family: 'class-not-found',
      snippet: expect.objectContaining({
        language: 'java',
        code: expect.stringContaining('package com.example;'),
      }),
    },
  },
  { key: 'ia-script-error', expected: { family: 'script-error', activityType: 'scriptTask' } },
  {
    key: 'ia-no-outgoing-flow',
    variables: { region: { value: 'APAC', type: 'String' } },
    expected: {
      family: 'no-outgoing-flow',
      remediation: expect.objectContaining({
        action: 'set-variable',
        variables: { region: { value: null, type: 'String', valueRequired: true } },
      }),
    },
  },
  {
    key: 'ia-type-conversion',
    variables: { orderAmount: { value: '12O0', type: 'String' } },
    expected: {
      family: 'type-conversion',
      remediation: expect.objectContaining({
        action: 'set-variable',
        variables: { orderAmount: { value: null, type: 'Long', valueRequired: true } },
      }),
    },
  },
  {
    key: 'ia-timer-configuration',
    variables: { reminderDelay: { value: 'in 5 minutes', type: 'String' } },
    expected: {
      family: 'timer-configuration',
      remediation: expect.objectContaining({
        action: 'set-variable',
        variables: { reminderDelay: expect.objectContaining({ type: 'String' }) },
      }),
    },
  },
  {
    key: 'ia-database-constraint',
    sendStackTrace: false,
    expected: {
      family: 'database-constraint',
      rootCause: expect.stringContaining('4000-character column'),
      remediation: expect.objectContaining({ action: 'retry-after-fix' }),
    },
  },
  {
    key: 'ia-null-pointer',
    expected: {
      family: 'null-pointer',
      remediation: expect.objectContaining({
        action: 'set-variable',
        variables: { customer: expect.objectContaining({ valueRequired: true }) },
      }),
    },
  },
  {
    key: 'ia-external-task',
    workerFailure: {
      errorMessage: 'Request failed with status code 503',
      errorDetails:
        'AxiosError: Request failed with status code 503\n    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)\n    at billing.worker.js:31:7',
    },
    expected: {
      family: 'http-5xx',
      incidentType: 'failedExternalTask',
      remediation: expect.objectContaining({ action: 'raise-retries', retries: 3 }),
    },
  },
  {
    // The engine answers GET /external-task/{id}/errorDetails with 204 and no body.
    key: 'ia-external-task-no-details',
    workerFailure: { errorMessage: 'connect ECONNREFUSED 10.20.30.40:8443' },
    expected: {
      family: 'connection-refused',
      incidentType: 'failedExternalTask',
      remediation: expect.objectContaining({ action: 'raise-retries', retries: 3 }),
    },
  },
  {
    // A String variable named like the bean: the delegate expression resolves, to the wrong object.
    key: 'ia-not-a-delegate',
    variables: { mailer: { value: 'smtp://mail.example.com', type: 'String' } },
    expected: {
      family: 'unresolvable-bean',
      rootCause: expect.stringContaining("a process variable named 'mailer' shadows the bean"),
      remediation: expect.objectContaining({ action: 'retry-after-fix', retries: 1 }),
    },
  },
  {
    key: 'ia-execution-delegate',
    expected: {
      family: 'unresolvable-bean',
      rootCause: expect.stringContaining("resolves to the engine's own 'execution' object"),
      remediation: expect.objectContaining({ action: 'retry-after-fix', retries: 1 }),
    },
  },
];

async function camundaText(node: Node, path: string): Promise<string | null> {
  const response = await fetch(`${node.url}${path}`);
  return response.ok ? response.text() : null;
}

/** The fact the collector would publish for this incident. */
async function factOf(
  node: Node,
  incident: CamundaIncident,
  withStackTrace: boolean,
): Promise<IncidentOpened> {
  const definition = await camundaGet<{ key: string }>(
    node.url,
    `/process-definition/${incident.processDefinitionId}`,
  );
  const jobId = incident.incidentType === 'failedJob' ? incident.configuration : null;
  const externalTaskId = incident.incidentType === 'failedExternalTask' ? incident.configuration : null;
  return {
    incidentId: incident.id,
    incidentType: incident.incidentType,
    message: incident.incidentMessage,
    activityId: incident.activityId,
    failedActivityId: incident.failedActivityId,
    processDefinitionId: incident.processDefinitionId,
    processDefinitionKey: definition.key,
    processInstanceId: incident.processInstanceId,
    executionId: incident.executionId,
    jobId,
    externalTaskId,
    causeIncidentId: incident.causeIncidentId,
    rootCauseIncidentId: incident.rootCauseIncidentId,
    tenantId: incident.tenantId,
    createdAt: new Date(incident.incidentTimestamp).toISOString(),
    stackTrace: withStackTrace && jobId ? await camundaText(node, `/job/${jobId}/stacktrace`) : null,
  };
}

async function failExternalTask(
  processInstanceId: string,
  failure: NonNullable<Case['workerFailure']>,
): Promise<void> {
  const workerId = `it-${run}-worker`;
  const locked = await waitFor(`the external task of ${processInstanceId}`, async () => {
    const response = await fetch(`${CAMUNDA_NODE1_URL}/external-task/fetchAndLock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        workerId,
        maxTasks: 50,
        topics: [{ topicName: 'ia-billing', lockDuration: 60_000 }],
      }),
    });
    const tasks = (await response.json()) as { id: string; processInstanceId: string }[];
    // Tasks of other runs are handed back untouched.
    const others = tasks.filter((t) => t.processInstanceId !== processInstanceId);
    await Promise.all(
      others.map((t) => fetch(`${CAMUNDA_NODE1_URL}/external-task/${t.id}/unlock`, { method: 'POST' })),
    );
    return tasks.find((t) => t.processInstanceId === processInstanceId);
  });
  const response = await fetch(`${CAMUNDA_NODE1_URL}/external-task/${locked.id}/failure`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workerId, ...failure, retries: 0, retryTimeout: 0 }),
  });
  if (!response.ok) throw new Error(`external task failure answered ${response.status}`);
}

describe('incident-ai on real Camunda, Kafka and PostgreSQL', () => {
  const config = loadConfig(
    'incident-ai',
    IncidentAiConfigSchema,
    {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_GROUP_PREFIX: `it-${run}`,
      DB_NAME: database,
      LOG_LEVEL: 'warn',
      CAMUNDA_NODE_1_NAME: NODE1.name,
      CAMUNDA_NODE_1_URL: NODE1.url,
      CAMUNDA_NODE_2_NAME: NODE2.name,
      CAMUNDA_NODE_2_URL: NODE2.url,
    },
    { families: [CAMUNDA_NODE_FAMILY] },
  );
  const kafka = new Kafka({
    clientId: `it-${run}-reader`,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const reader = kafka.consumer({ groupId: `it-${run}-reader` });
  const admin = kafka.admin();
  const analyses = new Map<string, IncidentAnalyzed[]>();
  const patterns: IncidentPattern[] = [];
  const published = new Set<string>();
  const onBroker = new Set<string>();
  const facts = new Map<string, IncidentOpened>();
  const nodeOf = new Map<string, string>();
  let app: INestApplication;
  let publisher: EventPublisher;
  /** What incident-ai read from the node's errorDetails, per external task: text, null, or the error it raised. */
  const errorDetailsRead = new Map<string, { value: string | null } | { error: unknown }>();
  const warnings = jest.spyOn(ContextLogger.prototype, 'warn');

  const stable = (group: string) => groupStable(admin, group);

  /**
   * The group has committed past every message the topic held at `ends`. Other suites on the shared
   * broker may publish to the same topic meanwhile, so the topic's current end is no fixed target.
   */
  const caughtUp = async (
    group: string,
    topic: string,
    ends: { partition: number; high: string }[],
  ): Promise<boolean> => {
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return ends.every((end) => {
      const offset = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      return BigInt(offset) >= BigInt(end.high);
    });
  };

  beforeAll(async () => {
    psql(`CREATE DATABASE ${database}`);
    app = await startIncidentAi(config, groupId);
    publisher = app.get(EventPublisher);
    const engine = app.get(CamundaEngineApi);
    const readDetails = engine.externalTaskErrorDetails.bind(engine);
    jest.spyOn(engine, 'externalTaskErrorDetails').mockImplementation(async (nodeId, externalTaskId) => {
      try {
        const value = await readDetails(nodeId, externalTaskId);
        errorDetailsRead.set(externalTaskId, { value });
        return value;
      } catch (error) {
        errorDetailsRead.set(externalTaskId, { error });
        throw error;
      }
    });
    // Other incident-ai instances on this shared broker may analyse these facts too: only this app's own
    // publications are judged, and each of them must be on the broker.
    const publish = publisher.publish.bind(publisher);
    const recording = async <T extends TopicName>(
      topic: T,
      payload: PayloadOf<T>,
      options?: PublishOptions,
    ) => {
      const envelope = await publish(topic, payload, options);
      const sent = envelope.payload as IncidentAnalyzed & IncidentPattern;
      const ours =
        options?.nodeId !== undefined &&
        options.nodeId === nodeOf.get(sent.incidentId ?? sent.lastIncidentId);
      if (topic === 'incident.analysis.v1' && ours) {
        analyses.set(sent.incidentId, [...(analyses.get(sent.incidentId) ?? []), sent]);
        published.add(envelope.eventId);
      }
      if (topic === 'incident.pattern.v1' && ours) patterns.push(sent);
      return envelope;
    };
    jest.spyOn(publisher, 'publish').mockImplementation(recording);
    await admin.connect();
    await reader.connect();
    await reader.subscribe({ topics: ['incident.analysis.v1'], fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) =>
        void onBroker.add(message.headers?.['flowpilot-event-id']?.toString() ?? ''),
    });
    await Promise.all([stable(groupId), stable(`it-${run}-reader`)]);

    for (const c of CASES)
      await deployBpmn(NODE1.url, c.key, readFileSync(resolve(FIXTURES, `${c.key}.bpmn`), 'utf8'));
    await deployBpmn(
      NODE2.url,
      CASES[0].key,
      readFileSync(resolve(FIXTURES, `${CASES[0].key}.bpmn`), 'utf8'),
    );
    const started = await Promise.all(
      CASES.map(async (c) => ({
        c,
        node: NODE1,
        instanceId: await startInstance(NODE1.url, c.key, c.variables),
      })),
    );
    // The first model fails on the second node too: the same pattern, seen on two nodes.
    started.push({ c: CASES[0], node: NODE2, instanceId: await startInstance(NODE2.url, CASES[0].key) });
    await Promise.all(
      started.filter((s) => s.c.workerFailure).map((s) => failExternalTask(s.instanceId, s.c.workerFailure!)),
    );
    await Promise.all(
      started.map(async ({ c, node, instanceId }) => {
        const incident = await waitFor(
          `an incident on ${instanceId}`,
          async () =>
            (await camundaGet<CamundaIncident[]>(node.url, `/incident?processInstanceId=${instanceId}`))[0],
          { timeoutMs: 90_000, intervalMs: 500 },
        );
        const fact = await factOf(node, incident, c.sendStackTrace !== false);
        facts.set(fact.incidentId, fact);
        nodeOf.set(fact.incidentId, node.name);
      }),
    );
    const eventIds = new Map<string, string>();
    for (const fact of facts.values()) {
      const envelope = await publisher.publish('camunda.incident.opened.v1', fact, {
        nodeId: nodeOf.get(fact.incidentId),
      });
      eventIds.set(fact.incidentId, envelope.eventId);
    }
    // A redelivery of the first fact (same event id) must not produce a second analysis.
    const first = [...facts.values()][0];
    await publisher.publish('camunda.incident.opened.v1', first, {
      nodeId: nodeOf.get(first.incidentId),
      eventId: eventIds.get(first.incidentId),
    });
    const redeliveredBy = await admin.fetchTopicOffsets('camunda.incident.opened.v1');
    await waitFor('an analysis for every incident', () => [...facts.keys()].every((id) => analyses.has(id)), {
      timeoutMs: 60_000,
    });
    await waitFor('every analysis on the broker', () => [...published].every((id) => onBroker.has(id)), {
      timeoutMs: 60_000,
    });
    await waitFor(
      'incident-ai to have consumed the redelivery',
      () => caughtUp(groupId, 'camunda.incident.opened.v1', redeliveredBy),
      { timeoutMs: 30_000 },
    );
  }, 240_000);

  afterAll(async () => {
    warnings.mockRestore();
    await reader.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await app?.close();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  const analysisOf = (key: string): IncidentAnalyzed[] =>
    [...facts.values()]
      .filter((f) => f.processDefinitionKey === key)
      .map((f) => analyses.get(f.incidentId)![0]);

  it.each(CASES.map((c) => [c.key, c] as const))('explains the real %s incident', (key, c) => {
    const [analysis] = analysisOf(key);

    expect(IncidentAnalyzedSchema.safeParse(analysis).success).toBe(true);
    expect(analysis).toMatchObject({
      processDefinitionKey: key,
      activityId: 'failing',
      llm: { used: false, model: null },
      ...c.expected,
    });
    expect(analysis.confidence).toBeGreaterThanOrEqual(0.8);
    expect(analysis.llm.note).toMatch(/LLM was not needed|No LLM configured/);
    expect(analysis.evidence.map((e) => e.source)).toEqual(
      expect.arrayContaining(['activityType', 'pattern']),
    );
  });

  it('points at the exact condition in the deployed model and reads the stack trace it was not sent', () => {
    const [missing] = analysisOf('ia-missing-variable');
    const [external] = analysisOf('ia-external-task');
    const [constraint] = analysisOf('ia-database-constraint');

    expect(missing.evidence).toContainEqual(
      expect.objectContaining({
        source: 'model',
        excerpt: expect.stringContaining('sequenceFlow "large" conditionExpression: ${orderAmount > 1000}'),
      }),
    );
    expect(external.evidence).toContainEqual(
      expect.objectContaining({
        source: 'activityType',
        excerpt: expect.stringContaining('topic "ia-billing"'),
      }),
    );
    expect(constraint.evidence).toContainEqual(
      expect.objectContaining({
        source: 'stackTrace',
        excerpt: expect.stringContaining('value too long for type character varying(4000)'),
      }),
    );
  });

  it('groups the incidents of the same model on two nodes into one pattern and analyses each incident once', () => {
    const twice = analysisOf('ia-missing-variable');

    expect(twice).toHaveLength(2);
    expect(twice[0].pattern.id).toBe(twice[1].pattern.id);
    // Counted once each (other runs' facts about the same incidents may add occurrences under their node names).
    expect(new Set(twice.map((a) => a.pattern.occurrences)).size).toBe(2);
    // Each node's own deployment was read to point at the condition.
    expect(twice.every((a) => a.evidence.some((e) => e.source === 'model'))).toBe(true);
    expect([...analyses.values()].every((list) => list.length === 1)).toBe(true);
    const latest = patterns
      .filter((p) => p.patternId === twice[0].pattern.id)
      .sort((a, b) => b.count - a.count)[0];
    expect(latest.count).toBeGreaterThanOrEqual(2);
    expect(latest.nodeIds).toEqual(expect.arrayContaining([NODE1.name, NODE2.name]));
    expect(latest).toMatchObject({
      processDefinitionKeys: ['ia-missing-variable'],
      trend: 'new',
      family: 'missing-variable',
    });
  });

  it('analyses an external task failed without error details (204) as a normal case: no error, no warning', () => {
    const [analysis] = analysisOf('ia-external-task-no-details');
    const fact = facts.get(analysis.incidentId)!;

    expect(errorDetailsRead.get(fact.externalTaskId!)).toEqual({ value: null });
    const ours = warnings.mock.calls.filter(([, fields]) => fields?.incidentId === analysis.incidentId);
    expect(ours).toEqual([]);
    expect(analysis.evidence.map((e) => e.source)).not.toContain('stackTrace');
    // The worker that did send details still has them read.
    const [withDetails] = analysisOf('ia-external-task');
    expect(errorDetailsRead.get(facts.get(withDetails.incidentId)!.externalTaskId!)).toEqual({
      value: expect.stringContaining('AxiosError: Request failed with status code 503'),
    });
  });

  it("explains the engine's ENGINE-02033 for a delegate expression that resolves to a String, with its own fix", () => {
    const [analysis] = analysisOf('ia-not-a-delegate');
    // Camunda 7.24 here; an Operaton or CIB seven node (CAMUNDA_NODE_1_URL) says the same under its own packages.
    const vendor = /'interface org\.(camunda|operaton|cibseven)\.bpm\.engine\.delegate\.JavaDelegate'/.exec(
      analysis.message ?? '',
    )?.[1];

    expect(vendor).toBeDefined();
    expect(analysis.message).toBe(
      `ENGINE-02033 Delegate Expression '\${mailer}' did neither resolve to an implementation of 'interface org.${vendor}.bpm.engine.impl.pvm.delegate.ActivityBehavior' nor 'interface org.${vendor}.bpm.engine.delegate.JavaDelegate'.`,
    );
    expect(analysis.snippet).toMatchObject({
      language: 'java',
      code: expect.stringContaining(
        `import org.${vendor}.bpm.engine.delegate.JavaDelegate;\nimport org.springframework.stereotype.Component;\n\n@Component("mailer")\npublic class Mailer implements JavaDelegate`,
      ),
    });
    expect(analysis.fixSteps.join('\n')).toContain('GET /process-instance/{id}/variables/mailer');
    expect(analysis.evidence).toContainEqual(
      expect.objectContaining({
        source: 'model',
        excerpt: 'serviceTask "failing" camunda:delegateExpression: ${mailer}',
      }),
    );
  });
});
