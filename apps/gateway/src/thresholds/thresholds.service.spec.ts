import { deriveEventId, Queryable, ThresholdsChanged } from '@flowpilot/shared';
import { RecordingPublisher } from '@flowpilot/shared/testing';
import { ThresholdsService } from './thresholds.service';

/** A repository holding the current revision in memory, and a publisher that records what it sends. */
function fakes(current: ThresholdsChanged | null, failPublish = false) {
  const statements: string[] = [];
  const stored: ThresholdsChanged[] = [];
  const tx: Queryable = {
    query: async <T>(sql: string) => {
      statements.push(sql);
      return [] as T;
    },
  };
  const db = { transaction: <T>(work: (manager: Queryable) => Promise<T>) => work(tx) };
  const repository = {
    current: async () => current,
    apply: async (_tx: Queryable, next: ThresholdsChanged) => void stored.push(next),
  };
  const publisher = new RecordingPublisher();
  if (failPublish) publisher.failWith(new Error('broker down'));
  const published = () =>
    publisher.published.map(({ topic, payload, eventId }) => ({ topic, payload, eventId }));
  return { sut: new ThresholdsService(db, repository, publisher), statements, published, stored };
}

describe('ThresholdsService', () => {
  it('publishes the next revision under a lock, with an id derived from the revision, then stores it', async () => {
    const { sut, statements, published, stored } = fakes({
      revision: 4,
      changedAt: '2026-11-22T05:00:00.000Z',
      changedBy: 'ops',
      thresholds: { anomalyZScore: 3 },
    });

    const next = await sut.replace({ anomalyZScore: 2.5, slaAtRiskShare: 0.7 }, 'ops admin');

    expect(statements[0]).toContain('pg_advisory_xact_lock');
    expect(next).toMatchObject({
      revision: 5,
      changedBy: 'ops admin',
      thresholds: { anomalyZScore: 2.5, slaAtRiskShare: 0.7 },
    });
    expect(published()).toEqual([
      { topic: 'settings.thresholds.v1', payload: next, eventId: deriveEventId('settings.thresholds', '5') },
    ]);
    expect(stored).toEqual([next]);
  });

  it('starts at revision 1 and answers revision 0 with no overrides before any change', async () => {
    const { sut } = fakes(null);

    expect(await sut.current()).toMatchObject({ revision: 0, thresholds: {} });
    expect((await sut.replace({}, null)).revision).toBe(1);
  });

  it('stores nothing when the change could not be published', async () => {
    const { sut, stored } = fakes(null, true);

    await expect(sut.replace({ minSamples: 50 }, 'ops')).rejects.toThrow('broker down');
    expect(stored).toEqual([]);
  });
});
