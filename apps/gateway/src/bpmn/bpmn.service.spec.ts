import { BpmnCommand, ReplyError, ValidationReport } from '@flowpilot/shared';
import { ApiError } from '../http/api-error';
import { BpmnAnswer, BpmnRequestClient } from './bpmn-request.client';
import { BpmnService } from './bpmn.service';

const report = (overrides: Partial<ValidationReport> = {}): ValidationReport => ({
  parse: { ok: true, warnings: [] },
  lintFindings: [],
  lint: { errors: 0, warnings: 0 },
  engine: null,
  suggestions: [],
  stats: null,
  processCount: 1,
  ...overrides,
});

/** Answers every validate with `validation` (plus the node's verdict when one is asked), and records each command. */
class FakeGenerator {
  readonly asked: BpmnCommand[] = [];
  constructor(
    private readonly validation: ValidationReport,
    private readonly failure: ReplyError | null = null,
  ) {}

  async ask<C extends BpmnCommand>(command: C): Promise<BpmnAnswer<C['type']>> {
    this.asked.push(command);
    if (this.failure) return { ok: false, error: this.failure };
    const engine =
      command.type === 'validate' && command.node ? { node: command.node, ok: true, message: null } : null;
    return { ok: true, result: { ...this.validation, engine } } as unknown as BpmnAnswer<C['type']>;
  }
}

const xmlSource = { kind: 'xml' as const, xml: '<definitions/>' };
const serviceWith = (generator: FakeGenerator) => new BpmnService(generator as unknown as BpmnRequestClient);

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('BpmnService', () => {
  it.each([
    ['validate', (sut: BpmnService) => sut.validate(xmlSource, undefined)],
    ['validate on a node', (sut: BpmnService) => sut.validate(xmlSource, 'node1')],
    ['enhance (its parse check)', (sut: BpmnService) => sut.parseCallerXml(xmlSource)],
  ])(
    'answers definitions without a process on %s with a 400 naming the problem, asking no engine',
    async (_route, call) => {
      const generator = new FakeGenerator(report({ processCount: 0, lint: { errors: 1, warnings: 0 } }));

      const error = await refusal(call(serviceWith(generator)));

      expect({ status: error.getStatus(), body: error.getResponse() }).toEqual({
        status: 400,
        body: {
          code: 'validation_failed',
          message: expect.stringContaining('no <process>'),
          details: { problem: 'no-process', processCount: 0 },
        },
      });
      expect(generator.asked).toEqual([{ type: 'validate', source: xmlSource }]);
    },
  );

  it('asks the node for its verdict once the document has a process', async () => {
    const generator = new FakeGenerator(report({ processCount: 1 }));

    const answer = await serviceWith(generator).validate(xmlSource, 'node1');

    expect(answer.engine).toEqual({ node: 'node1', ok: true, message: null });
    expect(generator.asked).toEqual([
      { type: 'validate', source: xmlSource },
      { type: 'validate', source: xmlSource, node: 'node1' },
    ]);
  });

  it('lets a report without a process count through (an older generator): its lint findings tell', async () => {
    const { processCount: _absent, ...older } = report({ lint: { errors: 1, warnings: 0 } });
    const generator = new FakeGenerator(older);

    const answer = await serviceWith(generator).validate(xmlSource, undefined);

    expect(answer.lint.errors).toBe(1);
  });

  it('answers malformed XML with a 400 before the process count matters', async () => {
    const generator = new FakeGenerator(
      report({ parse: { ok: false, warnings: ['not BPMN 2.0 XML: unparsable'] }, processCount: undefined }),
    );

    const error = await refusal(serviceWith(generator).validate(xmlSource, 'node1'));

    expect(error.getResponse()).toEqual(
      expect.objectContaining({
        code: 'validation_failed',
        message: expect.stringContaining('Malformed BPMN XML'),
      }),
    );
    expect(generator.asked).toHaveLength(1);
  });

  it('answers the generator refusing input that can never be valid with a 400 carrying its reason', async () => {
    const generator = new FakeGenerator(report(), {
      code: 'invalid-request',
      message: 'The BPMN definitions contain no process: there is nothing to enhance',
      details: { problem: 'no-process', processCount: 0 },
    });

    const error = await refusal(
      serviceWith(generator).run({
        type: 'enhance',
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
