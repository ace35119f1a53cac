import { flavourNamedIn, normaliseEnginePackages } from './engine-flavour.util';

describe('engine flavour', () => {
  it('names the flavour whose engine packages a text mentions, a fork before Camunda', () => {
    expect(flavourNamedIn('org.camunda.bpm.engine.ProcessEngineException: ENGINE-02033 …')).toBe('camunda');
    expect(flavourNamedIn(null, '\tat org.operaton.bpm.engine.impl.el.JuelExpression.getValue')).toBe(
      'operaton',
    );
    expect(flavourNamedIn('org.cibseven.bpm.engine.OptimisticLockingException: ENGINE-03005')).toBe(
      'cibseven',
    );
    // A fork deployment may still carry Camunda-named libraries (FEEL, old plugins).
    expect(
      flavourNamedIn(
        'at org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine',
        'at org.operaton.bpm.engine.impl',
      ),
    ).toBe('operaton');
    expect(flavourNamedIn('Request failed with status code 503', '', null)).toBeNull();
    expect(flavourNamedIn('com.example.operaton.bpmTools.Delegate')).toBeNull();
  });

  it("writes the forks' package roots as Camunda's and leaves everything else as it is", () => {
    expect(
      normaliseEnginePackages(
        "'interface org.operaton.bpm.engine.delegate.JavaDelegate' org.cibseven.spin.SpinRuntimeException org.operaton.commons.X",
      ),
    ).toBe(
      "'interface org.camunda.bpm.engine.delegate.JavaDelegate' org.camunda.spin.SpinRuntimeException org.camunda.commons.X",
    );
    expect(normaliseEnginePackages('org.operaton.example.Mine com.operaton.bpm.X')).toBe(
      'org.operaton.example.Mine com.operaton.bpm.X',
    );
  });
});
