import { BpmnCommand, ReplyFailure } from '@flowpilot/shared';
import { noProcessFailure, refuseUnstorableText } from './invalid-request.util';

const refusalOf = (command: BpmnCommand): unknown => {
  try {
    refuseUnstorableText(command);
    return null;
  } catch (error) {
    return error;
  }
};

describe('refuseUnstorableText', () => {
  it('lets storable commands through, emoji and all', () => {
    expect(refusalOf({ type: 'generate-from-text', text: 'Approve the invoice 💶 then pay it' })).toBeNull();
    expect(refusalOf({ type: 'list-templates' })).toBeNull();
  });

  it.each([
    ['NUL in the description', { type: 'generate-from-text', text: 'Approve\u0000 the invoice' }, 'text'],
    ['a lone surrogate in the name', { type: 'generate-from-text', text: 'Pay', name: 'Pay \uD83D' }, 'name'],
    [
      'NUL in caller XML',
      { type: 'validate', source: { kind: 'xml', xml: '<definitions>\u0000</definitions>' } },
      'source.xml',
    ],
    [
      'a lone surrogate in a template setting',
      { type: 'generate-from-template', template: 'saga', config: { label: '\uDC00' } },
      'config.label',
    ],
  ] as const)('answers %s with invalid-request naming the field', (_what, command, path) => {
    const error = refusalOf(command);

    expect(error).toBeInstanceOf(ReplyFailure);
    expect(error).toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining(`${path} must not contain NUL`),
      details: { issues: [{ path, message: expect.any(String) }] },
    });
  });

  it('keeps its own reply storable when a field name is the problem', () => {
    const error = refusalOf({
      type: 'generate-from-template',
      template: 'saga',
      config: { ['k\u0000ey']: 1 },
    });

    expect(error).toMatchObject({ code: 'invalid-request', details: { issues: [{ path: 'config.key' }] } });
  });
});

describe('noProcessFailure', () => {
  it('is an invalid request that names the problem and what could not be done', () => {
    expect(noProcessFailure('enhance')).toMatchObject({
      code: 'invalid-request',
      message: 'The BPMN definitions contain no process: there is nothing to enhance',
      details: { problem: 'no-process', processCount: 0 },
    });
  });
});
