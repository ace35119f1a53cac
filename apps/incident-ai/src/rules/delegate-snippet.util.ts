import type { EngineFlavourProfile } from '../model/engine-flavour.util';

export interface DelegateShape {
  /** Fully qualified or simple class name. */
  className: string;
  /** Registers it as a Spring bean of this name (for delegate expressions). */
  beanName?: string;
}

/**
 * A JavaDelegate skeleton against the engine that raised the incident: the
 * interface lives in `org.camunda.bpm`, `org.operaton.bpm` or `org.cibseven.bpm`,
 * and a class that implements the wrong one is no delegate to that engine.
 */
export function javaDelegateCode(flavour: EngineFlavourProfile, shape: DelegateShape): string {
  const dot = shape.className.lastIndexOf('.');
  const packageName = dot > 0 ? shape.className.slice(0, dot) : null;
  const simpleName = shape.className.slice(dot + 1);
  const lines = [
    ...(packageName ? [`package ${packageName};`, ''] : []),
    `import ${flavour.javaPackage}.engine.delegate.DelegateExecution;`,
    `import ${flavour.javaPackage}.engine.delegate.JavaDelegate;`,
    ...(shape.beanName ? ['import org.springframework.stereotype.Component;'] : []),
    '',
    ...(shape.beanName ? [`@Component("${shape.beanName}")`] : []),
    `public class ${simpleName} implements JavaDelegate {`,
    '  @Override',
    '  public void execute(DelegateExecution execution) {',
    '    // the work the service task stands for',
    '  }',
    '}',
  ];
  return lines.join('\n');
}
