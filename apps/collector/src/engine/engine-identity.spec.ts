import { EngineIdentityProbe, readSchemaVersion } from './engine-identity';

describe('EngineIdentityProbe', () => {
  it('asks for product and schema once per engine version, and again after an upgrade', async () => {
    const sources = {
      productName: jest.fn(async () => 'Operaton BPM Runtime'),
      schemaVersion: jest.fn(async () => '7.24.0'),
    };
    const sut = new EngineIdentityProbe(sources);

    await sut.identify('1.0.3');
    const again = await sut.identify('1.0.3');
    const upgraded = await sut.identify('1.1.0');

    expect(again).toEqual({
      version: '1.0.3',
      flavour: 'operaton',
      product: 'Operaton BPM Runtime',
      schemaVersion: '7.24.0',
    });
    expect(upgraded.version).toBe('1.1.0');
    expect(sources.productName).toHaveBeenCalledTimes(2);
    expect(sources.schemaVersion).toHaveBeenCalledTimes(2);
  });
});

describe('readSchemaVersion', () => {
  it.each([
    ['postgres', 'act_ge_schema_log'],
    ['mysql', 'ACT_GE_SCHEMA_LOG'],
  ] as const)('reads the newest entry on %s from %s', async (dialect, table) => {
    const query = jest.fn();
    // The engine answers with the schema log's newest row, whatever row type the caller reads it as.
    const db = {
      dialect,
      query: async <R extends object>(sql: string): Promise<R[]> => query(sql) ?? [{ version: '2.2.0' } as R],
    };

    await expect(readSchemaVersion(db)).resolves.toBe('2.2.0');
    expect(query).toHaveBeenCalledWith(expect.stringContaining(`FROM ${table}`));
  });
});
