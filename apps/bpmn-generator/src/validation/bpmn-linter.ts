import { LintFinding } from '@flowpilot/shared';
import { ModdleElement, nativeRequire } from '../builder/bpmn-moddle.adapter';

type Report = { id?: string; message: string; category: 'error' | 'warn' | 'info' | 'rule-error' };
interface Linter {
  lint(definitions: ModdleElement): Promise<Record<string, Report[]>>;
}

/** bpmnlint's recommended rules plus the Camunda 7.24 compatibility rules. */
export const LINT_CONFIG = {
  extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-platform-7-24'],
};

/** Runs bpmnlint on parsed definitions and flattens its report into findings. */
export class BpmnLinter {
  private readonly LinterClass = (nativeRequire('bpmnlint') as { Linter: new (options: unknown) => Linter })
    .Linter;
  private readonly NodeResolver = nativeRequire('bpmnlint/lib/resolver/node-resolver') as new (
    options: unknown,
  ) => unknown;

  async lint(definitions: ModdleElement): Promise<LintFinding[]> {
    // A linter per run: some rules keep state between checks (seen flows), which would leak across models.
    // Rules and plugins resolve from this package's node_modules, not from the process's working directory.
    const linter = new this.LinterClass({
      config: LINT_CONFIG,
      resolver: new this.NodeResolver({ require: nativeRequire }),
    });
    const report = await linter.lint(definitions);
    return Object.entries(report).flatMap(([rule, reports]) =>
      reports.map((r) => ({
        rule,
        severity: r.category === 'rule-error' ? ('error' as const) : r.category,
        elementId: r.id ?? null,
        message: r.message.slice(0, 2_000),
      })),
    );
  }
}

export function countFindings(findings: LintFinding[]): { errors: number; warnings: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warn').length,
  };
}
