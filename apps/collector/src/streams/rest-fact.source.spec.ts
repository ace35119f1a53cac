import { RestFactSource } from './rest-fact.source';

interface Item {
  id: string;
  startTime: string;
}

/** A REST list sorted by time only (ids of equal times in arbitrary order), as Camunda answers. */
function engine(items: Item[]) {
  const calls: Array<Record<string, string | number>> = [];
  const page = async <R>(_path: string, query: Record<string, string | number>): Promise<R[]> => {
    calls.push(query);
    const after = Date.parse(String(query.startedAfter).replace('+0000', 'Z'));
    const before = query.startedBefore
      ? Date.parse(String(query.startedBefore).replace('+0000', 'Z'))
      : Infinity;
    const matching = items
      .filter((i) => Date.parse(i.startTime) > after && Date.parse(i.startTime) < before)
      .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
    const first = Number(query.firstResult);
    // RestPage is generic in the item type the caller asks for; this fake serves one kind of item only.
    return matching.slice(first, first + Number(query.maxResults)) as unknown as R[];
  };
  return { page, calls };
}

const source = (items: Item[], pageSize = 2) => {
  const { page, calls } = engine(items);
  const sut = new RestFactSource(page, pageSize, {
    path: '/history/process-instance',
    afterParam: 'startedAfter',
    beforeParam: 'startedBefore',
    sortBy: 'startTime',
    timestampOf: (i: Item) => i.startTime,
    idOf: (i: Item) => i.id,
    map: (i: Item) => ({
      processInstanceId: i.id,
      processDefinitionId: 'p:1:1',
      processDefinitionKey: 'p',
      businessKey: null,
      startedAt: i.startTime,
    }),
  });
  return { sut, calls };
};

describe('RestFactSource', () => {
  it('returns rows after the cursor in (timestamp, id) order, including later ids of the cursor timestamp', async () => {
    const { sut, calls } = source([
      { id: 'c', startTime: '2026-11-22T04:00:00.000Z' },
      { id: 'a', startTime: '2026-11-22T04:00:00.000Z' },
      { id: 'b', startTime: '2026-11-22T04:00:00.000Z' },
      { id: 'd', startTime: '2026-11-22T04:00:01.000Z' },
    ]);

    const rows = await sut.fetch({ ts: '2026-11-22T04:00:00.000000', id: 'a' }, null, 10);

    expect(rows.map((r) => r.id)).toEqual(['b', 'c', 'd']);
    expect(calls[0]).toMatchObject({
      startedAfter: '2026-11-22T03:59:59.999+0000',
      sortBy: 'startTime',
      sortOrder: 'asc',
      firstResult: 0,
      maxResults: 2,
    });
  });

  it('reads every row of the cut timestamp before cutting the page, so none is skipped next time', async () => {
    const { sut } = source([
      { id: 'z', startTime: '2026-11-22T04:00:00.000Z' },
      { id: 'y', startTime: '2026-11-22T04:00:00.000Z' },
      { id: 'x', startTime: '2026-11-22T04:00:00.000Z' },
      { id: 'w', startTime: '2026-11-22T04:00:05.000Z' },
    ]);

    const first = await sut.fetch({ ts: '2026-11-22T03:00:00.000000', id: '' }, null, 2);
    const next = await sut.fetch(first[first.length - 1].cursor, null, 2);

    expect(first.map((r) => r.id)).toEqual(['x', 'y']);
    expect(next.map((r) => r.id)).toEqual(['z', 'w']);
  });

  it('stops at the upper bound when one is given', async () => {
    const { sut } = source([
      { id: 'a', startTime: '2026-11-22T04:00:00.000Z' },
      { id: 'b', startTime: '2026-11-22T04:00:10.000Z' },
    ]);

    const rows = await sut.fetch(
      { ts: '2026-11-22T03:00:00.000000', id: '' },
      '2026-11-22T04:00:00.000000',
      10,
    );

    expect(rows.map((r) => r.id)).toEqual(['a']);
  });

  it('returns a row once when the engine puts it on two pages (ties re-ordered between requests)', async () => {
    const tie = '2026-11-22T04:00:00.000Z';
    let request = 0;
    // Each request orders the tied rows differently, as PostgreSQL may for ORDER BY END_TIME_ alone.
    const orders = [
      ['a', 'b', 'c', 'd'],
      ['c', 'd', 'a', 'b'],
    ];
    const page = async <R>(_path: string, query: Record<string, string | number>): Promise<R[]> => {
      const order = orders[request++ % orders.length];
      const first = Number(query.firstResult);
      return order
        .slice(first, first + Number(query.maxResults))
        .map((id) => ({ id, startTime: tie })) as R[];
    };
    const sut = new RestFactSource(page, 2, {
      path: '/history/process-instance',
      afterParam: 'startedAfter',
      beforeParam: 'startedBefore',
      sortBy: 'startTime',
      timestampOf: (i: Item) => i.startTime,
      idOf: (i: Item) => i.id,
      map: (i: Item) => ({
        processInstanceId: i.id,
        processDefinitionId: 'p:1:1',
        processDefinitionKey: 'p',
        businessKey: null,
        startedAt: i.startTime,
      }),
    });

    const rows = await sut.fetch({ ts: '2026-11-22T03:00:00.000000', id: '' }, null, 10);

    // c and d were on no page this time; the next run's late-commit window reads them.
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
  });
});
