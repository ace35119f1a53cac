import type { IncidentAnalyzed } from '@flowpilot/shared';
import { IncidentFacts, planRemediation } from './remediation-plan.util';

const analysis = (remediation: IncidentAnalyzed['remediation']): IncidentAnalyzed =>
  ({ remediation, family: 'missing-variable' }) as IncidentAnalyzed;

const setVariable = analysis({
  action: 'set-variable',
  retries: 2,
  variables: {
    customerId: { value: null, type: 'String', valueRequired: true },
    tier: { value: 'gold', type: 'String', valueRequired: false },
  },
  rationale: 'Provide the variables, then retry.',
});

const incident = (overrides: Partial<IncidentFacts> = {}): IncidentFacts => ({
  status: 'open',
  processInstanceId: 'pi-1',
  jobId: 'job-1',
  externalTaskId: null,
  analysis: setVariable,
  ...overrides,
});

describe('planRemediation', () => {
  it('sets the named variables (operator value or suggestion), then retries the failed job', () => {
    const sut = planRemediation(incident(), { variables: { customerId: { value: 'C-1', type: 'String' } } });

    expect(sut).toMatchObject({ ok: true, action: 'set-variable' });
    expect(sut.ok && sut.steps.map((s) => [s.method, s.path, s.body])).toEqual([
      [
        'POST',
        '/process-instance/pi-1/variables',
        {
          modifications: {
            customerId: { value: 'C-1', type: 'String' },
            tier: { value: 'gold', type: 'String' },
          },
        },
      ],
      ['PUT', '/job/job-1/retries', { retries: 2 }],
    ]);
  });

  it('refuses a value that does not fit its Camunda type before any call is planned', () => {
    const sut = planRemediation(incident(), { variables: { customerId: { value: 12, type: 'String' } } });

    expect(sut).toMatchObject({
      ok: false,
      reason: 'needs-input',
      details: { invalidVariables: [{ name: 'customerId', type: 'String', problem: expect.any(String) }] },
    });
  });

  it('refuses a suggested default that does not fit its type', () => {
    const sut = planRemediation(
      incident({
        analysis: analysis({
          action: 'set-variable',
          retries: 1,
          variables: { attempts: { value: 'three', type: 'Integer', valueRequired: false } },
          rationale: 'Set attempts',
        }),
      }),
      {},
    );

    expect(sut).toMatchObject({ ok: false, details: { invalidVariables: [{ name: 'attempts' }] } });
  });

  it('needs a value for each variable the analysis could not suggest', () => {
    expect(planRemediation(incident(), {})).toMatchObject({
      ok: false,
      reason: 'needs-input',
      details: { missingVariables: ['customerId'] },
    });
  });

  it('refuses variables the analysis does not name (input cannot widen the fix)', () => {
    const sut = planRemediation(incident(), {
      variables: { customerId: { value: 'C-1', type: 'String' }, isAdmin: { value: true, type: 'Boolean' } },
    });

    expect(sut).toMatchObject({
      ok: false,
      reason: 'needs-input',
      details: { unknownVariables: ['isAdmin'] },
    });
  });

  it("retries an external task, with the operator's retry count", () => {
    const sut = planRemediation(
      incident({
        jobId: null,
        externalTaskId: 'et-1',
        analysis: analysis({ action: 'raise-retries', retries: 3, variables: null, rationale: 'Transient' }),
      }),
      { retries: 5 },
    );

    expect(sut.ok && sut.steps).toEqual([
      {
        description: 'Set 5 retries on external task et-1',
        method: 'PUT',
        path: '/external-task/et-1/retries',
        body: { retries: 5 },
      },
    ]);
  });

  it('warns that retry-after-fix needs the fix confirmed', () => {
    const sut = planRemediation(
      incident({
        analysis: analysis({
          action: 'retry-after-fix',
          retries: 1,
          variables: null,
          rationale: 'Fix the bean',
        }),
      }),
      {},
    );

    expect(sut).toMatchObject({ ok: true, warnings: [expect.stringContaining('confirmFixed')] });
  });

  it.each([
    [incident({ status: 'resolved' }), 'resolved'],
    [incident({ analysis: null }), 'no-analysis'],
    [
      incident({
        analysis: analysis({
          action: 'none',
          retries: null,
          variables: null,
          rationale: 'Needs a code change',
        }),
      }),
      'nothing-safe',
    ],
    [
      incident({
        jobId: null,
        analysis: analysis({ action: 'raise-retries', retries: 1, variables: null, rationale: 'Transient' }),
      }),
      'no-target',
    ],
  ])('refuses when there is nothing safe to do (%#: %s)', (facts, reason) => {
    expect(planRemediation(facts, {})).toMatchObject({ ok: false, reason });
  });
});
