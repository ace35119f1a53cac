import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertQueries, ALERT_RULES, DEPLOY } from './support/dashboard-queries.util';

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, {
      cwd: join(DEPLOY, 'prometheus'),
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: string };
    if (failed.code === 'ENOENT')
      throw new Error('promtool is missing: apt-get install -y prometheus (see docs/observability.md)');
    throw new Error(`promtool ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

describe('Prometheus alert rules', () => {
  it('pass promtool check', () => {
    expect(promtool('check', 'rules', 'flowpilot-alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass their promtool unit tests', () => {
    expect(promtool('test', 'rules', 'tests/flowpilot-alerts.test.yml')).toMatch(/SUCCESS/);
  });

  it('cover the alerts operators asked for', () => {
    expect(alertQueries().map((q) => q.source)).toEqual(
      expect.arrayContaining([
        'alert FlowpilotHighErrorRate',
        'alert CamundaExternalTaskBacklog',
        'alert CamundaSlaBreachSpike',
        'alert CamundaNodeDown',
        'alert FlowpilotConsumerLag',
        'alert FlowpilotWebhookDeadLetters',
      ]),
    );
  });

  it('are shipped unchanged in the Helm chart', () => {
    expect(readFileSync(join(DEPLOY, 'helm/flowpilot/files/prometheus/flowpilot-alerts.yml'), 'utf8')).toBe(
      readFileSync(ALERT_RULES, 'utf8'),
    );
  });
});
