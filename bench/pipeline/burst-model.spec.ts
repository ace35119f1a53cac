import { burstActivityInstances, multiInstanceBurstModel } from './burst-model';

describe('the burst model', () => {
  it('writes the 26,003 activity instances of issue 13 for 2,000 × 10', () => {
    expect(burstActivityInstances(2_000, 10)).toBe(26_003);
  });

  it('is a parallel multi-instance sub-process with one chain of pass-through tasks', () => {
    const sut = multiInstanceBurstModel('burst', 7, 3);

    expect(sut).toContain('<bpmn:loopCardinality>7</bpmn:loopCardinality>');
    expect(sut).not.toContain('isSequential="true"');
    expect(sut.match(/<bpmn:task /g)).toHaveLength(3);
    expect(sut).toContain('sourceRef="task3" targetRef="branchEnd"');
  });
});
