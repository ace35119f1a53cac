import { BpmnCommand, ReplyError, ValidationReport } from '@flowpilot/shared';
import { ApiError } from '../http/api-error';
import { BpmnAnswer } from './bpmn-request.client';
import { BpmnController } from './bpmn.controller';
import { BpmnService } from './bpmn.service';

const REPORT: ValidationReport = {
  parse: { ok: true, warnings: [] },
  lintFindings: [],
  lint: { errors: 0, warnings: 0 },
  engine: null,
  suggestions: [],
  stats: null,
  processCount: 1,
};

/** Answers every command with `failure` or a validation report (with the node's verdict when one is asked), and records each. */
class FakeGenerator {
  readonly asked: BpmnCommand[] = [];
  constructor(private readonly failure: ReplyError | null = null) {}

  async ask<C extends BpmnCommand>(command: C): Promise<BpmnAnswer<C['type']>> {
    this.asked.push(command);
    if (this.failure) return { ok: false, error: this.failure };
    const engine =
      command.type === 'validate' && command.node ? { node: command.node, ok: true, message: null } : null;
    // Every command is answered with a validation report: the routes under test only pass the result through.
    return { ok: true, result: { ...REPORT, engine } } as BpmnAnswer<C['type']>;
  }
}

const xmlSource = { kind: 'xml' as const, xml: '<definitions/>' };
const controllerWith = (generator: FakeGenerator) => new BpmnController(new BpmnService(generator));

const ROUTES: [string, (sut: BpmnController) => Promise<unknown>, BpmnCommand][] = [
  ['validate', (sut) => sut.validate({ source: xmlSource }), { type: 'validate', source: xmlSource }],
  [
    'validate on a node',
    (sut) => sut.validate({ source: xmlSource, node: 'node1' }),
    { type: 'validate', source: xmlSource, node: 'node1' },
  ],
  [
    'enhance',
    (sut) => sut.enhance({ source: xmlSource, passes: ['sla-timers'] }),
    { type: 'enhance', source: xmlSource, passes: ['sla-timers'] },
  ],
];

/** The generator's refusals of caller XML, as its validate and enhance commands answer them. */
const REFUSALS: [string, ReplyError][] = [
  [
    'a DOCTYPE',
    {
      code: 'invalid-request',
      message: 'Malformed BPMN XML: DOCTYPE and entity declarations are not allowed in BPMN XML',
      details: { problem: 'doctype', problems: [] },
    },
  ],
  [
    'XML with parse warnings',
    {
      code: 'invalid-request',
      message: 'Malformed BPMN XML: duplicate ID <same>',
      details: { problem: 'malformed-xml', problems: ['duplicate ID <same>'] },
    },
  ],
  [
    'definitions without a process',
    {
      code: 'invalid-request',
      message:
        'BPMN XML without a process: the definitions contain no <process> element, so there is nothing to validate, enhance or deploy',
      details: { problem: 'no-process', processCount: 0 },
    },
  ],
];

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('BPMN commands over HTTP', () => {
  it.each(ROUTES)(
    'asks the bpmn-generator exactly once for %s of caller XML',
    async (_route, call, command) => {
      const generator = new FakeGenerator();

      await call(controllerWith(generator));

      expect(generator.asked).toEqual([command]);
    },
  );

  it('passes the node verdict through from that one answer', async () => {
    const generator = new FakeGenerator();

    const answer = await controllerWith(generator).validate({ source: xmlSource, node: 'node1' });

    expect(answer.engine).toEqual({ node: 'node1', ok: true, message: null });
  });

  describe.each(REFUSALS)('when the generator refuses %s', (_what, failure) => {
    it.each(ROUTES)(
      'answers %s with a 400 carrying its reason, after one round trip',
      async (_route, call) => {
        const generator = new FakeGenerator(failure);

        const error = await refusal(call(controllerWith(generator)));

        expect({ status: error.getStatus(), body: error.getResponse() }).toEqual({
          status: 400,
          body: { code: 'validation_failed', message: failure.message, details: failure.details },
        });
        expect(generator.asked).toHaveLength(1);
      },
    );
  });

  it('answers the generator refusing a stored model without a process with a 400 carrying its reason', async () => {
    const generator = new FakeGenerator({
      code: 'invalid-request',
      message: 'The BPMN definitions contain no process: there is nothing to enhance',
      details: { problem: 'no-process', processCount: 0 },
    });

    const error = await refusal(
      controllerWith(generator).enhance({
        source: { kind: 'model', modelId: '00000000-0000-4000-8000-000000000001' },
        passes: ['sla-timers'],
      }),
    );

    expect({ status: error.getStatus(), body: error.getResponse() }).toEqual({
      status: 400,
      body: {
        code: 'validation_failed',
        message: expect.stringContaining('no process'),
        details: { problem: 'no-process', processCount: 0 },
      },
    });
  });
});
