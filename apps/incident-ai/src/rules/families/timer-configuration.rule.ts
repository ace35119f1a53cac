import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';

const TIMER =
  /ENGINE-0902[5-9] Exception while (?:resolving duedate|parsing (?:cron|cycle|duration)[^']*) '([^']*)'|Exception while parsing cron expression '?([^':\n]*)'?|Invalid cron expression|Cron expression must consist of|Unexpected end of expression|Illegal characters for this position|Support for specifying both a day-of-week AND a day-of-month parameter is not implemented|Cannot parse (?:duration|date|cycle)|Invalid format: "([^"]*)"[^\n]*(?:timer|duedate|Duration|Period)?/i;
const VARIABLE = /^\s*[#$]\{\s*([A-Za-z_$][\w$]*)\s*\}\s*$/;

/** A timer's date, duration or cycle (often from a variable) is not valid ISO 8601 / cron. */
export class TimerConfigurationRule implements IncidentRule {
  readonly family = 'timer-configuration' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, TIMER);
    if (!found) return null;
    // "Invalid format" alone is Joda's generic parse error: only a timer if the engine or the model says so.
    const generic = /^Invalid format/i.test(found.match[0]);
    const timers =
      context.facts.activityId && context.model ? context.model.timers(context.facts.activityId) : [];
    if (
      generic &&
      timers.length === 0 &&
      !/duedate|timer|Duration|Period|cycle/i.test(
        `${context.facts.message}\n${context.facts.stackTrace ?? ''}`,
      )
    )
      return null;
    const value = found.match[1] ?? found.match[2] ?? found.match[3] ?? null;
    const timer = timers[0] ?? null;
    const variable = timer ? (VARIABLE.exec(timer.value)?.[1] ?? null) : null;
    const cycle = timer?.kind === 'timeCycle' || /cron|cycle/i.test(found.match[0]);
    const example = cycle
      ? 'R3/PT10M or a cron expression such as 0 0 9 * * ?'
      : timer?.kind === 'timeDate'
        ? '2026-12-01T09:00:00Z'
        : 'PT5M';
    return {
      family: this.family,
      confidence: Math.min(0.98, confidenceFor(found, generic ? 0.8 : 0.94) + (timer ? 0.04 : 0)),
      rootCause:
        `The timer ${timer ? `'${timer.eventId}' (${timer.kind} ${timer.value})` : ''} got ${value !== null ? `'${value}'` : 'a value'}, which is not a valid ${cycle ? 'ISO 8601 cycle or cron expression' : timer?.kind === 'timeDate' ? 'ISO 8601 date' : 'ISO 8601 duration'}${variable ? `; it comes from the variable '${variable}'` : ''}.`.replace(
          '  ',
          ' ',
        ),
      fixSteps: compact([
        variable && `Set '${variable}' to a valid value such as ${example}, then retry.`,
        `Use ISO 8601 in the model (${example}); a duration like "in 5 minutes" or "5m" is not understood.`,
        'Validate timer values where they are produced (form, start call) instead of at the timer.',
      ]),
      snippet: {
        language: 'bpmn-xml',
        description: `A timer with a valid ${cycle ? 'cycle' : timer?.kind === 'timeDate' ? 'date' : 'duration'}.`,
        code: `<bpmn:timerEventDefinition>\n  <bpmn:${timer?.kind ?? (cycle ? 'timeCycle' : 'timeDuration')} xsi:type="bpmn:tFormalExpression">${cycle ? 'R3/PT10M' : timer?.kind === 'timeDate' ? '${dueDate}' : 'PT5M'}</bpmn:${timer?.kind ?? (cycle ? 'timeCycle' : 'timeDuration')}>\n</bpmn:timerEventDefinition>`,
      },
      evidence: compact([
        evidenceOf(found),
        timer && {
          source: 'model' as const,
          excerpt: `timer "${timer.eventId}" ${timer.kind}: ${timer.value}`,
          detail: 'The timer definition that was evaluated.',
        },
        activityEvidence(context, 'The activity the timer belongs to.'),
      ]),
      remediation: variable
        ? remediation.setVariables(
            { [variable]: { value: null, type: 'String', valueRequired: true } },
            `Set '${variable}' to a valid ISO 8601 ${cycle ? 'cycle' : 'value'} (e.g. ${example}), then set retries to 1.`,
          )
        : remediation.retryAfterFix(
            'Fix the timer definition and migrate the instance, then set retries to 1.',
          ),
    };
  }
}
