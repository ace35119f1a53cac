import { TemplateConfig, TemplateKind } from '@flowpilot/shared';
import { BPMN_EXAMPLES } from '../../apps/gateway/src/bpmn/bpmn.examples';
import { describeTemplates, templateSteps } from '../../apps/bpmn-generator/src/templates/template-catalogue';

/**
 * The OpenAPI document's examples are what integrators copy first. The gateway documents template requests
 * that the bpmn-generator answers, so only a test outside both apps can hold the two together.
 */
describe('documented BPMN examples', () => {
  it('the generate-from-template example is a configuration the template accepts', () => {
    const { template, config } = BPMN_EXAMPLES.generateFromTemplate as { template: TemplateKind; config: TemplateConfig };

    expect(() => templateSteps(template, config)).not.toThrow();
  });

  it('the template listing example names parameters the template has', () => {
    const listed = BPMN_EXAMPLES.templates.data[0];
    const real = describeTemplates().find((t) => t.kind === listed.kind);

    expect(real?.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(listed.parameters.map((p) => p.name)));
  });
});
