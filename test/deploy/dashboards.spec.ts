import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQueries, dashboards, DEPLOY, panelsOf } from './support/dashboard-queries.util';
import { metricNamesOf, PROMETHEUS_SERIES } from './support/promql-metric-names.util';

describe('Grafana dashboards', () => {
  const all = dashboards();

  it('are the four the operators expect', () => {
    expect(all.map((d) => d.dashboard.uid)).toEqual([
      'flowpilot-incidents-sla',
      'flowpilot-overview',
      'flowpilot-pipeline-health',
      'flowpilot-workers-llm',
    ]);
  });

  it.each(all.map((d) => [d.file, d.dashboard] as const))(
    '%s: panels query Prometheus through the datasource variable',
    (_file, dashboard) => {
      expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({
        type: 'datasource',
        query: 'prometheus',
      });
      const panels = panelsOf(dashboard).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThanOrEqual(6);
      const ids = panelsOf(dashboard).map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of panels) {
        expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(panel.targets?.length).toBeGreaterThan(0);
      }
    },
  );

  it('query only Flowpilot metrics or series Prometheus makes itself', () => {
    const foreign = dashboardQueries().flatMap(({ source, expr }) =>
      metricNamesOf(expr)
        .filter((name) => !name.startsWith('flowpilot_') && !PROMETHEUS_SERIES.has(name))
        .map((name) => `${source}: ${name}`),
    );
    expect(foreign).toEqual([]);
  });

  it('are shipped unchanged in the Helm chart', () => {
    for (const { file } of all) {
      const chartCopy = readFileSync(join(DEPLOY, 'helm/flowpilot/files/dashboards', file), 'utf8');
      expect(chartCopy).toBe(readFileSync(join(DEPLOY, 'grafana/dashboards', file), 'utf8'));
    }
  });
});
