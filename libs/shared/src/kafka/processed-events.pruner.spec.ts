import { AppLogger } from '../logging/app-logger';
import { InMemoryProcessedEventStore } from './processed-event.store';
import { ProcessedEventsPruner } from './processed-events.pruner';

describe('ProcessedEventsPruner', () => {
  const store = new InMemoryProcessedEventStore();
  const sut = new ProcessedEventsPruner(store, new AppLogger('test', 'error', () => undefined));
  const DAY = 24 * 3600 * 1000;

  it("forgets ids once their topic's retention has passed, and not before", async () => {
    await store.remember('group', 'a', 'camunda.incident.opened.v1');
    await store.remember('group', 'b', 'camunda.incident.opened.v1');
    await store.remember('group', 'c', 'settings.thresholds.v1');

    expect(await sut.prune(new Date(Date.now() + 30 * DAY))).toBe(0);
    expect(await store.alreadyProcessed('group', ['a', 'b', 'c'])).toEqual(new Set(['a', 'b', 'c']));

    expect(await sut.prune(new Date(Date.now() + 32 * DAY))).toBe(2);
    expect(await store.alreadyProcessed('group', ['a', 'b', 'c'])).toEqual(new Set(['c']));
  });
});
