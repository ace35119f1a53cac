import {
  encodeVariables,
  formatCamundaDate,
  parseCamundaDate,
  TaskVariables,
  typed,
} from './typed-variables.util';

describe('encodeVariables', () => {
  it('types values by their shape and honours forced types', () => {
    const sut = encodeVariables;

    expect(
      sut({
        s: 'a',
        i: 2_147_483_647,
        l: 2_147_483_648,
        d: 1.5,
        b: false,
        n: null,
        date: new Date('2025-06-01T10:00:00.123Z'),
        json: [{ x: 1 }],
        skipped: undefined,
        asDouble: typed('Double', 3),
        asString: typed('String', 42),
      }),
    ).toEqual({
      s: { type: 'String', value: 'a' },
      i: { type: 'Integer', value: 2_147_483_647 },
      l: { type: 'Long', value: 2_147_483_648 },
      d: { type: 'Double', value: 1.5 },
      b: { type: 'Boolean', value: false },
      n: { type: 'Null', value: null },
      date: { type: 'Date', value: '2025-06-01T10:00:00.123+0000' },
      json: { type: 'Json', value: '[{"x":1}]' },
      asDouble: { type: 'Double', value: 3 },
      asString: { type: 'String', value: '42' },
    });
  });

  it.each([
    ['an Integer out of range', typed('Integer', 2 ** 31)],
    ['a fractional Long', typed('Long', 1.5)],
    ['a non-boolean Boolean', typed('Boolean', 'yes')],
    ['an invalid Date', typed('Date', 'not a date')],
    ['a non-finite number', Number.NaN],
  ])('rejects %s', (_case, value) => {
    expect(() => encodeVariables({ v: value })).toThrow(TypeError);
  });
});

describe('TaskVariables', () => {
  it('decodes Camunda typed values into plain values', () => {
    const sut = new TaskVariables({
      s: { type: 'String', value: 'x' },
      i: { type: 'Integer', value: 3 },
      l: { type: 'Long', value: 9_000_000_000 },
      d: { type: 'Double', value: 0.25 },
      b: { type: 'Boolean', value: true },
      date: { type: 'Date', value: '2025-06-01T12:00:00.000+0200' },
      json: { type: 'Json', value: '{"a":[1,2]}' },
      object: {
        type: 'Object',
        value: '{"k":"v"}',
        valueInfo: { serializationDataFormat: 'application/json' },
      },
      empty: { type: 'Null', value: null },
    });

    expect(sut.toObject()).toEqual({
      s: 'x',
      i: 3,
      l: 9_000_000_000,
      d: 0.25,
      b: true,
      date: new Date('2025-06-01T10:00:00.000Z'),
      json: { a: [1, 2] },
      object: { k: 'v' },
      empty: null,
    });
    expect(sut.typeOf('l')).toBe('Long');
    expect(sut.get('missing')).toBeUndefined();
  });

  it('round-trips dates through the Camunda format', () => {
    const date = new Date('2030-01-02T03:04:05.006Z');

    expect(parseCamundaDate(formatCamundaDate(date))).toEqual(date);
  });
});
