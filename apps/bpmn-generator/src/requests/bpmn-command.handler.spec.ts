import { ModelSource, ReplyFailure, ValidationReport } from '@flowpilot/shared';
import { BpmnXmlBuilder } from '../builder/bpmn-xml.builder';
import { ModelPipeline } from '../generation/model-pipeline';
import { approvalGraph } from '../testing/graph-fixtures';
import { BpmnCommandHandler } from './bpmn-command.handler';

const NO_PROCESS =
  '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://flowpilot.test"/>';
const REQUEST_ID = 'c0000000-0000-4000-8000-000000000001';

const notUnderTest = async (): Promise<never> => {
  throw new Error('not under test here');
};

/** The caller's XML as the source; the generation side records whether any work was asked of it. */
class FakeGeneration {
  readonly fromTemplate = notUnderTest;
  readonly enhance = notUnderTest;
  readonly generated: string[] = [];
  async sourceXml(source: ModelSource): Promise<string> {
    if (source.kind !== 'xml') throw new Error('only caller XML in these tests');
    return source.xml;
  }
  async fromText(command: { text: string }): Promise<never> {
    this.generated.push(command.text);
    throw new Error('generation is not under test here');
  }
}

/** Records every engine verdict asked for. */
class FakeDeployments {
  readonly verdicts: string[] = [];
  readonly deploy = notUnderTest;
  async verdict(nodeId: string): Promise<{ node: string; ok: boolean; message: string | null }> {
    this.verdicts.push(nodeId);
    return { node: nodeId, ok: true, message: null };
  }
}

describe('BpmnCommandHandler', () => {
  const pipeline = new ModelPipeline({ historyTimeToLiveDays: 30 });
  let generation: FakeGeneration;
  let deployments: FakeDeployments;
  let sut: BpmnCommandHandler;

  beforeEach(() => {
    generation = new FakeGeneration();
    deployments = new FakeDeployments();
    sut = new BpmnCommandHandler(
      generation,
      deployments,
      { list: notUnderTest, detail: notUnderTest, search: notUnderTest },
      pipeline,
    );
  });

  const validate = (xml: string, node?: string) =>
    sut.execute(
      { type: 'validate', source: { kind: 'xml', xml }, node },
      REQUEST_ID,
    ) as Promise<ValidationReport>;

  it('reports how many processes the definitions hold, with the node verdict when asked', async () => {
    const xml = await new BpmnXmlBuilder().build(approvalGraph(), { historyTimeToLiveDays: 30 });

    const withProcess = await validate(xml, 'node1');

    expect(withProcess).toMatchObject({
      parse: { ok: true },
      processCount: 1,
      engine: { node: 'node1', ok: true },
    });
    expect(deployments.verdicts).toEqual(['node1']);
  });

  it.each([
    ['XML that does not parse', '<not-bpmn', 'malformed-xml'],
    ['a DOCTYPE', `<!DOCTYPE d [<!ENTITY e "x">]>${NO_PROCESS.replace(/^<\?xml[^>]*>/, '')}`, 'doctype'],
    ['definitions without a process', NO_PROCESS, 'no-process'],
  ])(
    'refuses caller XML with %s inside the command, with or without a node, asking no engine',
    async (_what, xml, problem) => {
      for (const node of [undefined, 'node1']) {
        const answer = validate(xml, node);

        await expect(answer).rejects.toBeInstanceOf(ReplyFailure);
        await expect(answer).rejects.toMatchObject({ code: 'invalid-request', details: { problem } });
      }
      expect(deployments.verdicts).toEqual([]);
    },
  );

  it('refuses text it cannot store before any work, as an invalid request', async () => {
    const answer = sut.execute({ type: 'generate-from-text', text: 'Approve the invoice\u0000' }, REQUEST_ID);

    await expect(answer).rejects.toMatchObject({
      code: 'invalid-request',
      details: { issues: [{ path: 'text', message: expect.stringContaining('NUL') }] },
    });
    expect(generation.generated).toEqual([]);
  });
});
