import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createServiceDataSource,
  databaseSettings,
  initializeServiceDataSource,
  loadConfig,
} from '@flowpilot/shared';
import { z } from 'zod';
import type { LlmAnswer } from '../llm/llm-answer.schema';
import { IncidentOccurrenceEntity } from './incident-occurrence.entity';
import { IncidentPatternEntity } from './incident-pattern.entity';
import { IncidentPatterns1763900000000 } from './incident-patterns.migration';
import { Occurrence, PatternRepository } from './pattern.repository';
import { patternIdOf, signatureOf } from './signature.util';

const HOUR = 3_600_000;
const schema = `it_ia_${randomUUID().slice(0, 8)}`;

describe('PatternRepository on PostgreSQL', () => {
  const settings = loadConfig('pattern-store-test', z.object(databaseSettings), process.env);
  let dataSource: DataSource;
  let sut: PatternRepository;
  const now = new Date('2026-11-22T12:00:00Z');
  const signature = signatureOf('failedJob', 'Read timed out');
  const occurrence = (overrides: Partial<Occurrence>): Occurrence => ({
    patternId: patternIdOf(signature),
    signature,
    family: 'timeout',
    incidentType: 'failedJob',
    message: 'Read timed out',
    rootCause: 'slow service',
    confidence: 0.88,
    nodeId: 'node1',
    incidentId: randomUUID(),
    processDefinitionKey: 'billing',
    occurredAt: now,
    ...overrides,
  });

  beforeAll(async () => {
    dataSource = createServiceDataSource({
      schema,
      settings,
      entities: [IncidentPatternEntity, IncidentOccurrenceEntity],
      migrations: [IncidentPatterns1763900000000],
      applicationName: 'incident-ai-it',
    });
    await initializeServiceDataSource(dataSource);
    sut = new PatternRepository(dataSource, { trendWindowHours: 24 });
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('counts occurrences across nodes and definitions once each, with first/last seen and trend', async () => {
    for (const hoursAgo of [70, 40, 30, 20, 3, 2, 1]) {
      await sut.record(
        occurrence({
          occurredAt: new Date(now.getTime() - hoursAgo * HOUR),
          nodeId: hoursAgo > 25 ? 'node2' : 'node1',
        }),
      );
    }
    const repeated = occurrence({ incidentId: 'same-incident', processDefinitionKey: 'shipping' });
    await sut.record(repeated);

    const state = await sut.record(repeated);

    expect(state).toMatchObject({
      count: 8,
      firstSeenAt: new Date(now.getTime() - 70 * HOUR),
      lastSeenAt: now,
      recentCount: 5,
      previousCount: 2,
      trend: 'rising',
      family: 'timeout',
    });
    expect(state.nodeIds.sort()).toEqual(['node1', 'node2']);
    expect(state.processDefinitionKeys.sort()).toEqual(['billing', 'shipping']);
  });

  it('keeps the LLM answer on the pattern for the next incident', async () => {
    const answer: LlmAnswer = {
      family: 'timeout',
      rootCause: 'The billing service is slow at month end.',
      fixSteps: ['Raise retries.'],
      snippet: null,
      confidence: 0.6,
      remediation: { action: 'raise-retries', retries: 3, variables: null, rationale: 'transient' },
    };
    await sut.saveLlmAnswer(patternIdOf(signature), answer, 'gpt-test');

    const state = await sut.record(occurrence({}));

    expect(state).toMatchObject({ llmAnswer: answer, llmModel: 'gpt-test', count: 9 });
  });
});
