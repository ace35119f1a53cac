import { TEMPLATE_KINDS } from '@flowpilot/shared';
import { ModelPipeline } from '../generation/model-pipeline';
import { GraphCompiler } from '../parser/graph-compiler';
import {
  describeTemplates,
  resolvedConfig,
  templateSteps,
  UnknownTemplateSettingError,
} from './template-catalogue';

describe('template catalogue', () => {
  const pipeline = new ModelPipeline({ historyTimeToLiveDays: 30 });
  const build = (kind: (typeof TEMPLATE_KINDS)[number], config = {}) =>
    pipeline.build(
      new GraphCompiler().compile(templateSteps(kind, config), { processId: `T_${kind.replace(/-/g, '_')}` }),
    );

  it.each(TEMPLATE_KINDS)('builds %s into a lint-clean model', async (kind) => {
    const sut = await build(kind);

    expect(sut.lintFindings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('data sync runs on the configured interval with retries', async () => {
    const sut = await build('data-sync', {
      entity_type: 'schedules',
      sync_interval: '15 minutes',
      retries: 5,
    });

    expect(sut.stats.timers).toMatchObject([{ placement: 'start', kind: 'cycle', value: 'R/PT15M' }]);
    expect(sut.xml).toContain('R5/PT30S');
    expect(sut.graph.name).toBe("Sync schedules from WHATS'ON to SAP");
  });

  it('approval chain routes by amount to directors and managers with escalating deadlines', async () => {
    const sut = await build('approval-chain', {
      manager_limit: 500,
      director_limit: 5000,
      approval_sla: '1 day',
    });

    expect(sut.stats.conditions).toEqual(
      expect.arrayContaining(['${amount > 5000}', '${amount > 500 && amount <= 5000}', '${approved}']),
    );
    expect(sut.stats.userTasks).toBe(4);
    expect(sut.stats.escalationEvents).toBe(2);
    expect(sut.stats.timers.map((t) => t.value)).toEqual(['P1D', 'P1D']);
  });

  it('saga compensates each configured step', async () => {
    const sut = await build('saga', {
      steps: 'Reserve stock, Charge card',
      completion_step: 'Confirm order',
    });

    expect(
      sut.graph.nodes.filter((n) => n.kind === 'serviceTask' && n.forCompensation).map((n) => n.name),
    ).toEqual(['Release stock', 'Refund card']);
  });

  it('event-driven starts on the message, batch on a timer with multi-instance', async () => {
    const event = await build('event-driven', { message_name: 'InvoiceCreated' });
    const batch = await build('batch', { schedule: '6 hours', parallel: false });

    expect(event.xml).toContain('name="InvoiceCreated"');
    expect(event.stats.gateways.eventBased).toBe(1);
    expect(batch.stats.timers[0]).toMatchObject({ placement: 'start', value: 'R/PT6H' });
    expect(batch.xml).toMatch(
      /<bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="items" camunda:elementVariable="item" \/>/,
    );
  });

  it('circuit breaker loops through a cool-down and opens the circuit on failure', async () => {
    const sut = await build('retry-circuit-breaker', { cooldown: '10 minutes' });

    expect(sut.stats.timers).toMatchObject([{ placement: 'intermediate', value: 'PT10M' }]);
    expect(sut.stats.errorEvents).toBe(1);
    expect(sut.stats.conditions).toEqual(['${circuitOpen}']);
  });

  it('refuses settings a template does not have, and lists defaults', () => {
    expect(() => templateSteps('saga', { colour: 'blue' })).toThrow(UnknownTemplateSettingError);
    expect(resolvedConfig('data-sync', { retries: 1 })).toMatchObject({
      entity_type: 'products',
      retries: 1,
    });
    expect(describeTemplates().map((t) => t.kind)).toEqual([...TEMPLATE_KINDS]);
  });
});
