import { InMemoryFactSource, KeyedInMemoryFactSource } from './in-memory-fact-source';
import { processStarted } from './payloads';

const table = () =>
  new KeyedInMemoryFactSource('camunda.process.started.v1', (id, startedAt) =>
    processStarted({ processInstanceId: id, startedAt }),
  );

describe('InMemoryFactSource', () => {
  it('reads rows after the cursor in (timestamp, id) order, up to the limit, whatever order they came in', async () => {
    const sut = new InMemoryFactSource('camunda.process.started.v1', (id, startedAt) =>
      processStarted({ processInstanceId: id, startedAt }),
    );
    sut.insert('b', '2026-01-05T10:00:00.000000');
    sut.insert('c', '2026-01-05T10:00:01.000000');
    sut.insert('a', '2026-01-05T10:00:00.000000');

    const rows = await sut.fetch({ ts: '2026-01-05T10:00:00.000000', id: 'a' }, null, 10);

    expect(rows.map((r) => r.id)).toEqual(['b', 'c']);
    expect(rows[0].payload).toEqual(
      processStarted({ processInstanceId: 'b', startedAt: '2026-01-05T10:00:00.000Z' }),
    );
    expect(sut.fetches).toBe(1);
  });

  it('stops at `until` and at the limit', async () => {
    const sut = table();
    for (let i = 0; i < 5; i++) sut.insert(`r${i}`, `2026-01-05T10:0${i}:00.000000`);

    expect((await sut.fetch({ ts: '', id: '' }, '2026-01-05T10:02:00.000000', 10)).map((r) => r.id)).toEqual([
      'r0',
      'r1',
      'r2',
    ]);
    expect((await sut.fetch({ ts: '', id: '' }, null, 2)).map((r) => r.id)).toEqual(['r0', 'r1']);
  });

  it('reads positions alone, and rows by id, noting which ids were asked for', async () => {
    const sut = table();
    sut.insert('a', '2026-01-05T10:00:00.000000');
    sut.insert('b', '2026-01-05T10:00:01.000000');

    expect(await sut.fetchKeys({ ts: '', id: '' }, '2026-01-05T10:00:00.000000', 10)).toEqual([
      { ts: '2026-01-05T10:00:00.000000', id: 'a' },
    ]);
    expect((await sut.fetchByIds(['a', 'b'])).map((r) => r.id).sort()).toEqual(['a', 'b']);
    expect(sut.rowsFetchedById).toEqual(['a', 'b']);
  });
});
