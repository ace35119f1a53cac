import { processXml } from '../rules/rule-context.fixture';
import { ProcessModelCache } from './process-model.cache';

class FakeEngine {
  readonly calls: string[] = [];
  failNext = false;
  async definitionXml(nodeId: string, definitionId: string): Promise<string> {
    this.calls.push(`${nodeId}/${definitionId}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('node down');
    }
    return processXml(`<bpmn:task id="${definitionId.replace(/\W/g, '_')}" />`);
  }
}

describe('ProcessModelCache', () => {
  it('fetches each definition once per node, concurrent callers included', async () => {
    const engine = new FakeEngine();
    const sut = new ProcessModelCache(engine, { maxEntries: 10 });

    const [a, b] = await Promise.all([sut.load('node1', 'p:1:a'), sut.load('node1', 'p:1:a')]);
    await sut.load('node2', 'p:1:a');

    expect(a).toBe(b);
    expect(engine.calls).toEqual(['node1/p:1:a', 'node2/p:1:a']);
  });

  it('evicts the least recently used definition beyond its size', async () => {
    const engine = new FakeEngine();
    const sut = new ProcessModelCache(engine, { maxEntries: 2 });

    await sut.load('n', 'a');
    await sut.load('n', 'b');
    await sut.load('n', 'a');
    await sut.load('n', 'c');
    await sut.load('n', 'a');
    await sut.load('n', 'b');

    expect(engine.calls).toEqual(['n/a', 'n/b', 'n/c', 'n/b']);
  });

  it('does not remember a failed load', async () => {
    const engine = new FakeEngine();
    const sut = new ProcessModelCache(engine, { maxEntries: 2 });
    engine.failNext = true;

    await expect(sut.load('n', 'a')).rejects.toThrow('node down');
    await expect(sut.load('n', 'a')).resolves.toBeDefined();
    expect(engine.calls).toHaveLength(2);
  });
});
