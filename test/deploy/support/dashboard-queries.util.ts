import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const DEPLOY = resolve(__dirname, '../../../deploy');
export const DASHBOARD_DIR = join(DEPLOY, 'grafana/dashboards');
export const ALERT_RULES = join(DEPLOY, 'prometheus/flowpilot-alerts.yml');

export interface GrafanaTarget {
  expr?: string;
  refId?: string;
}
export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: GrafanaTarget[];
  panels?: GrafanaPanel[];
}
export interface GrafanaDashboard {
  uid: string;
  title: string;
  panels: GrafanaPanel[];
  templating: { list: { name: string; type: string; query?: unknown }[] };
}

export interface Query {
  source: string;
  expr: string;
}

export function dashboards(): { file: string; dashboard: GrafanaDashboard }[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      dashboard: JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as GrafanaDashboard,
    }));
}

export function panelsOf(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Every PromQL expression of the dashboards (panels and query variables). */
export function dashboardQueries(): Query[] {
  return dashboards().flatMap(({ file, dashboard }) => [
    ...panelsOf(dashboard).flatMap((panel) =>
      (panel.targets ?? [])
        .filter((t) => t.expr)
        .map((t) => ({ source: `${file} "${panel.title}" ${t.refId}`, expr: t.expr as string })),
    ),
    ...dashboard.templating.list
      .filter((v) => v.type === 'query')
      .map((v) => ({ source: `${file} variable ${v.name}`, expr: variableQuery(v.query) })),
  ]);
}

/** Every alert expression. */
export function alertQueries(): Query[] {
  const rules = parse(readFileSync(ALERT_RULES, 'utf8')) as {
    groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
  };
  return rules.groups.flatMap((g) =>
    g.rules.map((r) => ({ source: `alert ${r.alert ?? r.record}`, expr: r.expr })),
  );
}

/** `label_values(metric, label)` → `metric` (the metric is what must exist). */
function variableQuery(query: unknown): string {
  const text = typeof query === 'string' ? query : String((query as { query?: string })?.query ?? '');
  const labelValues = /^label_values\(\s*(.+?)\s*,\s*\w+\s*\)$/.exec(text.trim());
  return labelValues ? labelValues[1] : text;
}
