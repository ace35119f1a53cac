import { contextOf, processXml } from '../rule-context.fixture';
import { TimerConfigurationRule } from './timer-configuration.rule';

const sut = new TimerConfigurationRule();

describe('TimerConfigurationRule', () => {
  it('traces an invalid due date to the boundary timer and the variable that feeds it', () => {
    const xml = processXml(
      '<bpmn:userTask id="approve" />',
      '<bpmn:boundaryEvent id="overdue" attachedToRef="approve"><bpmn:timerEventDefinition><bpmn:timeDuration>${reminderDelay}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
    );
    const verdict = sut.evaluate(
      contextOf(
        {
          message:
            'ENGINE-09027 Exception while resolving duedate \'in 5 minutes\': Invalid format: "in 5 minutes"',
          activityId: 'approve',
        },
        xml,
      ),
    );

    expect(verdict).toMatchObject({
      family: 'timer-configuration',
      rootCause: expect.stringContaining("comes from the variable 'reminderDelay'"),
      remediation: {
        action: 'set-variable',
        variables: { reminderDelay: { type: 'String', valueRequired: true } },
      },
    });
    expect(verdict!.evidence).toContainEqual(
      expect.objectContaining({ source: 'model', excerpt: 'timer "overdue" timeDuration: ${reminderDelay}' }),
    );
  });

  it('ignores a generic "Invalid format" that has nothing to do with timers', () => {
    expect(sut.evaluate(contextOf({ message: 'Invalid format: "12,50" is malformed at ",50"' }))).toBeNull();
  });
});
