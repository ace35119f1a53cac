import { resolveSlaTarget } from './sla-target.resolver';

const targets = {
  processes: { invoice: 'P2D' },
  userTasks: { approve: 'PT8H', 'invoice:approve': 'PT4H' },
};

describe('resolveSlaTarget', () => {
  it('prefers the process-qualified task target', () => {
    const sut = resolveSlaTarget(
      { kind: 'user-task', processDefinitionKey: 'invoice', taskDefinitionKey: 'approve' },
      targets,
      24,
    );

    expect(sut).toEqual({ iso: 'PT4H', ms: 4 * 3_600_000, source: 'user-task' });
  });

  it('falls back to the bare task key, then to the default hours', () => {
    expect(
      resolveSlaTarget(
        { kind: 'user-task', processDefinitionKey: 'order', taskDefinitionKey: 'approve' },
        targets,
        24,
      ).iso,
    ).toBe('PT8H');
    expect(
      resolveSlaTarget(
        { kind: 'user-task', processDefinitionKey: 'order', taskDefinitionKey: 'ship' },
        targets,
        24,
      ),
    ).toEqual({
      iso: 'PT24H',
      ms: 24 * 3_600_000,
      source: 'default',
    });
  });

  it('gives a process instance its definition target', () => {
    expect(
      resolveSlaTarget({ kind: 'process-instance', processDefinitionKey: 'invoice' }, targets, 24).source,
    ).toBe('process');
    expect(
      resolveSlaTarget({ kind: 'process-instance', processDefinitionKey: 'order' }, targets, 1.5).ms,
    ).toBe(5_400_000);
  });
});
