import { Injectable } from '@nestjs/common';
import type { IncidentRule } from './rule';
import { AuthFailureRule } from './families/auth-failure.rule';
import { ClassNotFoundRule } from './families/class-not-found.rule';
import { CodeDefectRule } from './families/code-defect.rule';
import { ConnectionRefusedRule } from './families/connection-refused.rule';
import { DatabaseConstraintRule } from './families/database-constraint.rule';
import { Http5xxRule } from './families/http-5xx.rule';
import { MissingVariableRule } from './families/missing-variable.rule';
import { NoOutgoingFlowRule } from './families/no-outgoing-flow.rule';
import { NullPointerRule } from './families/null-pointer.rule';
import { OptimisticLockingRule } from './families/optimistic-locking.rule';
import { RateLimitedRule } from './families/rate-limited.rule';
import { ScriptErrorRule } from './families/script-error.rule';
import { SerializationRule } from './families/serialization.rule';
import { TimeoutRule } from './families/timeout.rule';
import { TimerConfigurationRule } from './families/timer-configuration.rule';
import { TypeConversionRule } from './families/type-conversion.rule';
import { UnknownHostRule } from './families/unknown-host.rule';
import { UnresolvableBeanRule } from './families/unresolvable-bean.rule';

/** The rules the engine runs: every family rule (specs may give the engine a few of their own). */
@Injectable()
export class RuleCatalogue {
  readonly rules: readonly IncidentRule[] = allRules();
}

/** Every family rule; the engine keeps the most confident verdict. */
export function allRules(): IncidentRule[] {
  return [
    new MissingVariableRule(),
    new UnresolvableBeanRule(),
    new ClassNotFoundRule(),
    new ConnectionRefusedRule(),
    new UnknownHostRule(),
    new TimeoutRule(),
    new Http5xxRule(),
    new AuthFailureRule(),
    new RateLimitedRule(),
    new OptimisticLockingRule(),
    new ScriptErrorRule(),
    new NullPointerRule(),
    new CodeDefectRule(),
    new SerializationRule(),
    new TypeConversionRule(),
    new NoOutgoingFlowRule(),
    new TimerConfigurationRule(),
    new DatabaseConstraintRule(),
  ];
}
