import { contextOf, processXml } from '../rule-context.fixture';
import { ScriptErrorRule } from './script-error.rule';

const sut = new ScriptErrorRule();

describe('ScriptErrorRule', () => {
  it('explains a missing script engine with the dependency that provides it', () => {
    const verdict = sut.evaluate(
      contextOf({ message: "Can't find scripting engine for 'groovy': scriptEngine is null" }),
    );

    expect(verdict).toMatchObject({
      family: 'script-error',
      snippet: { code: expect.stringContaining('groovy-jsr223') },
      remediation: { action: 'retry-after-fix' },
    });
  });

  it('names the property a Groovy script could not find and quotes the inline script', () => {
    const xml = processXml(
      '<bpmn:scriptTask id="score" scriptFormat="groovy"><bpmn:script>riskClass * 2</bpmn:script></bpmn:scriptTask>',
    );
    const verdict = sut.evaluate(
      contextOf(
        {
          message:
            "Unable to evaluate script while executing activity 'score' in the process definition with id 'p:1:x': groovy.lang.MissingPropertyException: No such property: riskClass for class: Script1",
          activityId: 'score',
        },
        xml,
      ),
    );

    expect(verdict).toMatchObject({
      remediation: {
        action: 'set-variable',
        variables: { riskClass: expect.objectContaining({ valueRequired: true }) },
      },
      snippet: { language: 'groovy' },
    });
    expect(verdict!.evidence).toContainEqual(
      expect.objectContaining({ source: 'model', excerpt: expect.stringContaining('riskClass * 2') }),
    );
    expect(verdict!.confidence).toBeGreaterThan(0.9);
  });
});
