import { contextOf } from '../rule-context.fixture';
import { TypeConversionRule } from './type-conversion.rule';

const sut = new TypeConversionRule();

describe('TypeConversionRule', () => {
  it('names the variable of the failing expression and the Camunda type it needs', () => {
    const verdict = sut.evaluate(
      contextOf({
        message:
          "Error while evaluating expression: ${orderAmount > 1000}. Cause: Cannot coerce '12O0' to class java.lang.Long",
      }),
    );

    expect(verdict).toMatchObject({
      family: 'type-conversion',
      rootCause: expect.stringContaining("got '12O0'"),
      remediation: {
        action: 'set-variable',
        variables: { orderAmount: { type: 'Long', value: null, valueRequired: true } },
      },
    });
  });

  it('explains a cast in code without proposing a variable', () => {
    const verdict = sut.evaluate(
      contextOf({
        message:
          'java.lang.ClassCastException: class java.lang.String cannot be cast to class java.lang.Integer',
      }),
    );

    expect(verdict).toMatchObject({
      rootCause: expect.stringContaining('needs java.lang.Integer but got java.lang.String'),
      remediation: { action: 'retry-after-fix' },
    });
  });
});
