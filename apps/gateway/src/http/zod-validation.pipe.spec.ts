import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

describe('ZodValidationPipe', () => {
  it('answers unstorable text with a 400 before the schema runs', () => {
    const sut = new ZodValidationPipe(z.object({ nodeId: z.string() }));

    expect(() => sut.transform({ nodeId: 'a\u0000' }, { type: 'param' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: { issues: [{ path: 'nodeId', message: expect.any(String) }] },
      }),
    );
    expect(sut.transform({ nodeId: 'node1' }, { type: 'param' })).toEqual({ nodeId: 'node1' });
  });

  it('answers input nested deeper than any schema of the API with a 400', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const sut = new ZodValidationPipe(z.unknown());

    expect(() => sut.transform(deep, { type: 'body' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: { issues: [{ path: expect.any(String), message: expect.stringContaining('deeper') }] },
      }),
    );
  });
});
