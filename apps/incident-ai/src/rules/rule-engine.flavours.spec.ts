import type { IncidentFamily } from '@flowpilot/shared';
import type { EngineFlavour } from '../model/engine-flavour.util';
import { RuleCatalogue } from './rule-catalogue';
import { contextOf, processXml } from './rule-context.fixture';
import { RuleEngine } from './rule-engine';

/**
 * The same failures as Camunda 7.24, Operaton and CIB seven report them. The
 * forks keep the engine's classes, ENGINE-xxxxx codes and messages and rename
 * the package root (checked against the forks' sources: BpmnBehaviorLogger 033,
 * JuelExpression, ProcessEngineLogger's "ENGINE" project code), so each trace is
 * written once with its vendor as a parameter, like the engines themselves.
 */
interface Failure {
  name: string;
  expected: IncidentFamily;
  activityId?: string;
  message: (vendor: EngineFlavour) => string;
  stackTrace: (vendor: EngineFlavour) => string;
}

const at = (vendor: EngineFlavour, frames: string[]) =>
  frames.map((f) => `\tat ${f.replace(/^~/, `org.${vendor}.bpm.`)}`).join('\n');

const NOT_A_DELEGATE = (v: EngineFlavour) =>
  `ENGINE-02033 Delegate Expression '\${mailer}' did neither resolve to an implementation of 'interface org.${v}.bpm.engine.impl.pvm.delegate.ActivityBehavior' nor 'interface org.${v}.bpm.engine.delegate.JavaDelegate'.`;

const FAILURES: Failure[] = [
  {
    name: 'a delegate expression resolving to a String variable (ENGINE-02033)',
    expected: 'unresolvable-bean',
    activityId: 'sendMail',
    message: NOT_A_DELEGATE,
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.ProcessEngineException: ${NOT_A_DELEGATE(v)}`,
        at(v, [
          '~engine.impl.bpmn.behavior.BpmnBehaviorLogger.resolveDelegateExpressionException(BpmnBehaviorLogger.java:219)',
          '~engine.impl.bpmn.behavior.ServiceTaskDelegateExpressionActivityBehavior$3.call(ServiceTaskDelegateExpressionActivityBehavior.java:122)',
          '~engine.impl.bpmn.behavior.AbstractBpmnActivityBehavior.executeWithErrorPropagation(AbstractBpmnActivityBehavior.java:90)',
          '~engine.impl.jobexecutor.AsyncContinuationJobHandler.execute(AsyncContinuationJobHandler.java:81)',
        ]),
      ].join('\n'),
  },
  {
    name: 'a missing class (ENGINE-09008/09017)',
    expected: 'class-not-found',
    message: () =>
      "ENGINE-09008 Exception while instantiating class 'com.acme.billing.InvoiceDelegate': ENGINE-09017 Cannot load class 'com.acme.billing.InvoiceDelegate': com.acme.billing.InvoiceDelegate",
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.ProcessEngineException: ENGINE-09008 Exception while instantiating class 'com.acme.billing.InvoiceDelegate': ENGINE-09017 Cannot load class 'com.acme.billing.InvoiceDelegate': com.acme.billing.InvoiceDelegate`,
        at(v, [
          '~engine.impl.util.EngineUtilLogger.exceptionWhileInstantiatingClass(EngineUtilLogger.java:85)',
          '~engine.impl.util.ClassDelegateUtil.instantiateDelegate(ClassDelegateUtil.java:60)',
        ]),
        `Caused by: org.${v}.bpm.engine.ClassLoadingException: ENGINE-09017 Cannot load class 'com.acme.billing.InvoiceDelegate': com.acme.billing.InvoiceDelegate`,
        'Caused by: java.lang.ClassNotFoundException: com.acme.billing.InvoiceDelegate',
        '\tat java.base/jdk.internal.loader.BuiltinClassLoader.loadClass(BuiltinClassLoader.java:641)',
      ].join('\n'),
  },
  {
    name: 'a variable a gateway condition reads and the instance lacks',
    expected: 'missing-variable',
    message: () =>
      "Unknown property used in expression: ${orderAmount > 1000}. Cause: Cannot resolve identifier 'orderAmount'",
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.ProcessEngineException: Unknown property used in expression: \${orderAmount > 1000}. Cause: Cannot resolve identifier 'orderAmount'`,
        at(v, [
          '~engine.impl.el.JuelExpression.getValue(JuelExpression.java:93)',
          '~engine.impl.el.UelExpressionCondition.evaluate(UelExpressionCondition.java:62)',
          '~engine.impl.bpmn.behavior.ExclusiveGatewayActivityBehavior.doLeave(ExclusiveGatewayActivityBehavior.java:61)',
        ]),
        "Caused by: jakarta.el.PropertyNotFoundException: Cannot resolve identifier 'orderAmount'",
        at(v, ['~impl.juel.AstIdentifier.eval(AstIdentifier.java:98)']),
      ].join('\n'),
  },
  {
    name: 'a null id handed to the engine API by the delegate (engine frames first)',
    expected: 'null-pointer',
    message: () => 'executionId is null',
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.exception.NullValueException: executionId is null`,
        at(v, [
          '~engine.impl.util.EnsureUtil.generateException(EnsureUtil.java:410)',
          '~engine.impl.util.EnsureUtil.ensureNotNull(EnsureUtil.java:58)',
          '~engine.impl.cmd.GetExecutionVariableCmd.execute(GetExecutionVariableCmd.java:52)',
          '~engine.impl.interceptor.CommandExecutorImpl.execute(CommandExecutorImpl.java:28)',
          '~engine.impl.RuntimeServiceImpl.getVariable(RuntimeServiceImpl.java:382)',
          'com.acme.crm.CustomerLookupDelegate.execute(CustomerLookupDelegate.java:38)',
          '~engine.impl.delegate.JavaDelegateInvocation.invoke(JavaDelegateInvocation.java:40)',
        ]),
      ].join('\n'),
  },
  {
    name: 'a concurrent update (ENGINE-03005)',
    expected: 'optimistic-locking',
    activityId: 'join',
    message: () =>
      "ENGINE-03005 Execution of 'UPDATE VariableInstanceEntity[7f3a9c1e-5b8a-11ee-8c99-0242ac120002]' failed. Entity was updated by another transaction concurrently.",
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.OptimisticLockingException: ENGINE-03005 Execution of 'UPDATE VariableInstanceEntity[7f3a9c1e-5b8a-11ee-8c99-0242ac120002]' failed. Entity was updated by another transaction concurrently.`,
        at(v, [
          '~engine.impl.db.EnginePersistenceLogger.concurrentUpdateDbEntityException(EnginePersistenceLogger.java:135)',
          '~engine.impl.db.entitymanager.DbEntityManager.handleOptimisticLockingException(DbEntityManager.java:463)',
        ]),
      ].join('\n'),
  },
  {
    name: 'a missing permission',
    expected: 'auth-failure',
    message: () =>
      "The user with id 'svc-orders' does not have 'UPDATE' permission on resource 'invoice-process' of type 'ProcessDefinition'.",
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.AuthorizationException: The user with id 'svc-orders' does not have 'UPDATE' permission on resource 'invoice-process' of type 'ProcessDefinition'.`,
        at(v, ['~engine.impl.db.AuthorizationManager.checkAuthorization(AuthorizationManager.java:305)']),
      ].join('\n'),
  },
  {
    name: 'a timer duration that is not ISO 8601 (ENGINE-09027)',
    expected: 'timer-configuration',
    message: () =>
      `ENGINE-09027 Exception while resolving duedate 'in 5 minutes': Invalid format: "in 5 minutes"`,
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.ProcessEngineException: ENGINE-09027 Exception while resolving duedate 'in 5 minutes': Invalid format: "in 5 minutes"`,
        at(v, [
          '~engine.impl.util.EngineUtilLogger.exceptionWhileResolvingDuedate(EngineUtilLogger.java:134)',
        ]),
        'Caused by: java.lang.IllegalArgumentException: Invalid format: "in 5 minutes"',
      ].join('\n'),
  },
  {
    name: 'a Groovy script reading an unknown property',
    expected: 'script-error',
    message: () =>
      "Unable to evaluate script while executing activity 'computeScore' in the process definition with id 'scoring:3:8a1f': groovy.lang.MissingPropertyException: No such property: riskClass for class: Script1",
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.ScriptEvaluationException: Unable to evaluate script while executing activity 'computeScore' in the process definition with id 'scoring:3:8a1f': groovy.lang.MissingPropertyException: No such property: riskClass for class: Script1`,
        at(v, [
          '~engine.impl.scripting.SourceExecutableScript.evaluateScript(SourceExecutableScript.java:77)',
          '~engine.impl.bpmn.behavior.ScriptTaskActivityBehavior$1.call(ScriptTaskActivityBehavior.java:62)',
        ]),
        'Caused by: groovy.lang.MissingPropertyException: No such property: riskClass for class: Script1',
      ].join('\n'),
  },
  {
    name: 'a 5000-character String variable on PostgreSQL',
    expected: 'database-constraint',
    message: () =>
      'An exception occurred in the persistence layer. Please check the server logs for a detailed message and the entire exception stack trace.',
    stackTrace: (v) =>
      [
        `org.${v}.bpm.engine.ProcessEnginePersistenceException: An exception occurred in the persistence layer. Please check the server logs for a detailed message and the entire exception stack trace.`,
        at(v, ['~engine.impl.interceptor.CommandContext.flushSessions(CommandContext.java:283)']),
        `Caused by: org.${v}.bpm.engine.ProcessEngineException: ENGINE-03004 Exception while executing Database Operation 'INSERT VariableInstanceEntity[4f2b]' with message '### Error flushing statements.  Cause: org.apache.ibatis.executor.BatchExecutorException: org.${v}.bpm.engine.impl.persistence.entity.VariableInstanceEntity.insertVariableInstance (batch index #1) failed. Cause: java.sql.BatchUpdateException: Batch entry 0 insert into ACT_RU_VARIABLE ... was aborted: ERROR: value too long for type character varying(4000)`,
      ].join('\n'),
  },
];

const VENDORS: EngineFlavour[] = ['camunda', 'operaton', 'cibseven'];

describe('RuleEngine on Camunda 7, Operaton and CIB seven alike', () => {
  const sut = new RuleEngine(new RuleCatalogue());
  const cases = FAILURES.flatMap((f) => VENDORS.map((v) => [f.name, v, f] as const));

  const judge = (failure: Failure, vendor: EngineFlavour) => {
    const context = contextOf({
      message: failure.message(vendor),
      stackTrace: failure.stackTrace(vendor),
      activityId: failure.activityId ?? null,
    });
    return { context, verdict: sut.evaluate(context) };
  };

  it.each(cases)('explains %s on %s', (_name, vendor, failure) => {
    const { context, verdict } = judge(failure, vendor);

    expect(context.flavour.flavour).toBe(vendor);
    expect(verdict.family).toBe(failure.expected);
    // As sure on a fork as on Camunda 7: the package root is no evidence either way.
    expect(verdict.confidence).toBe(judge(failure, 'camunda').verdict.confidence);
    expect(verdict.confidence).toBeGreaterThanOrEqual(0.6);
    // Nothing in a fix for one engine names another engine's packages.
    const others = VENDORS.filter((o) => o !== vendor).map((o) => `org.${o}.`);
    const fix = JSON.stringify([verdict.rootCause, verdict.fixSteps, verdict.snippet]);
    for (const other of others) expect(fix).not.toContain(other);
  });

  it.each(VENDORS)(
    'writes the %s delegate interface into the snippet of a delegate that is not one',
    (vendor) => {
      const verdict = sut.evaluate(
        contextOf({ message: NOT_A_DELEGATE(vendor), stackTrace: FAILURES[0].stackTrace(vendor) }),
      );

      expect(verdict.snippet?.code).toContain(`import org.${vendor}.bpm.engine.delegate.JavaDelegate;`);
      expect(verdict.snippet?.code).toContain('@Component("mailer")');
      expect(verdict.rootCause).toContain("a process variable named 'mailer' shadows the bean");
      expect(verdict.rootCause).toContain(`org.${vendor}.bpm.engine.delegate.JavaDelegate`);
    },
  );

  it.each(VENDORS)('blames the delegate, not the %s frames above it', (vendor) => {
    const failure = FAILURES.find((f) => f.expected === 'null-pointer')!;

    const verdict = sut.evaluate(
      contextOf({ message: failure.message(vendor), stackTrace: failure.stackTrace(vendor) }),
    );

    expect(verdict.rootCause).toContain(
      'com.acme.crm.CustomerLookupDelegate.execute(CustomerLookupDelegate.java:38)',
    );
  });

  it('writes operaton: extensions for an Operaton engine and camunda: for Camunda 7 and CIB seven', () => {
    const prefixes = VENDORS.map((vendor) => {
      const failure = FAILURES.find((f) => f.expected === 'optimistic-locking')!;
      const verdict = sut.evaluate(
        contextOf({
          message: failure.message(vendor),
          stackTrace: failure.stackTrace(vendor),
          activityId: 'join',
        }),
      );
      return /<bpmn:parallelGateway id="join" (\w+):asyncBefore="true" \1:exclusive="true" \/>/.exec(
        verdict.snippet?.code ?? '',
      )?.[1];
    });

    expect(prefixes).toEqual(['camunda', 'operaton', 'camunda']);
  });

  it("follows the deployed model's namespace over the engine's default", () => {
    const failure = FAILURES.find((f) => f.expected === 'optimistic-locking')!;
    const verdict = sut.evaluate(
      contextOf(
        {
          message: failure.message('operaton'),
          stackTrace: failure.stackTrace('operaton'),
          activityId: 'join',
        },
        processXml('<bpmn:parallelGateway id="join" />'),
      ),
    );

    // The model was written with camunda: (Operaton reads both), so the fix uses the model's own prefix.
    expect(verdict.snippet?.code).toContain('camunda:asyncBefore="true"');
  });
});
