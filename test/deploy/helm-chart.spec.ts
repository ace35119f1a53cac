import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ALERT_RULES, DASHBOARD_DIR } from './support/dashboard-queries.util';
import { isFamilySetting, settingNamesReadByApps } from './support/app-settings.util';
import { Manifest, schemaErrors } from './support/kubernetes-schema.util';

/**
 * The chart as real Helm renders it (scripts/helm-check.sh: helm-java, i.e.
 * Helm's own Go code): lint --strict and template with the default and the
 * production values, then every manifest against the Kubernetes schemas and
 * the structure the apps need.
 */
const ROOT = resolve(__dirname, '../..');
const APPS = ['analyzer', 'bpmn-generator', 'collector', 'gateway', 'incident-ai', 'workers'];

interface Container {
  name: string;
  image: string;
  command: string[];
  ports: { name: string; containerPort: number }[];
  envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env: { name: string; value?: string }[];
  startupProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: {
    readOnlyRootFilesystem: boolean;
    allowPrivilegeEscalation: boolean;
    capabilities: { drop: string[] };
  };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  securityContext: { runAsNonRoot: boolean; runAsUser: number };
  containers: Container[];
  volumes: { name: string; emptyDir?: object }[];
}
type Deployment = Manifest & {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};
type ConfigMap = Manifest & { data: Record<string, string> };

function helmCheck(out: string, values?: string): { status: number; output: string } {
  try {
    const output = execFileSync(
      'bash',
      [join(ROOT, 'scripts/helm-check.sh'), out, ...(values ? [values] : [])],
      { encoding: 'utf8', stdio: 'pipe', timeout: 300_000 },
    );
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

function load(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

const of = <T extends Manifest>(manifests: Manifest[], kind: string) =>
  manifests.filter((m) => m.kind === kind) as T[];
const byName = <T extends Manifest>(manifests: Manifest[], kind: string, name: string) =>
  of<T>(manifests, kind).find((m) => m.metadata.name === name) as T;
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('Helm chart deploy/helm/flowpilot', () => {
  const out = mkdtempSync(join(tmpdir(), 'flowpilot-helm-'));
  let run: { status: number; output: string };
  let defaults: Manifest[];
  let production: Manifest[];

  beforeAll(() => {
    run = helmCheck(out);
    defaults = load(join(out, 'default.yaml'));
    production = load(join(out, 'production.yaml'));
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('passes helm lint --strict and renders with the default and the production values', () => {
    expect(run.output).toContain('helm lint --strict (default values): passed');
    expect(run.output).toContain('helm lint --strict (production values): passed');
    expect(run.output).toContain('helm-check: OK');
    expect(run.status).toBe(0);
  });

  it('refuses values that break values.schema.json', () => {
    const bad = join(out, 'bad-values.yaml');
    writeFileSync(
      bad,
      'apps:\n  collector:\n    replicaCount: 2\nkafka:\n  brokers: ["kafka"]\ntelemetry:\n  protocol: udp\n',
    );
    const result = helmCheck(join(out, 'bad'), bad);
    expect(result.status).toBe(1);
    expect(result.output).toContain("'/apps/collector/replicaCount': maximum: got 2, want 1");
    expect(result.output).toContain("'/kafka/brokers/0'");
    expect(result.output).toContain("'/telemetry/protocol'");
  }, 120_000);

  it.each(['default', 'production'])(
    'renders manifests that match the Kubernetes schemas (%s values)',
    (which) => {
      const manifests = which === 'default' ? defaults : production;
      const errors = manifests
        .map((m) => [`${m.kind}/${m.metadata.name}`, schemaErrors(m)])
        .filter(([, e]) => e !== null);
      expect(errors).toEqual([]);
      expect(manifests.length).toBeGreaterThan(30);
    },
  );

  it.each(['default', 'production'])(
    'runs each app as its own hardened Deployment with the telemetry preload (%s values)',
    (which) => {
      const manifests = which === 'default' ? defaults : production;
      const deployments = of<Deployment>(manifests, 'Deployment');
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(APPS.map((a) => `flowpilot-${a}`));
      for (const deployment of deployments) {
        const app = deployment.metadata.labels?.['app.kubernetes.io/component'] as string;
        const pod = deployment.spec.template.spec;
        const [container] = pod.containers;
        expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(
          true,
        );
        expect(container.command).toEqual([
          'node',
          '--require',
          './dist/libs/shared/src/telemetry/register.js',
          `dist/apps/${app}/src/main.js`,
        ]);
        expect(container.startupProbe.httpGet).toEqual({ path: '/health/startup', port: 'http' });
        expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        expect(pod.volumes.find((v) => v.name === 'tmp')?.emptyDir).toBeDefined();
        expect(container.resources.requests).toMatchObject({
          cpu: expect.any(String),
          memory: expect.any(String),
        });
        expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });

        const envSources = container.envFrom.map((e) => e.configMapRef?.name ?? e.secretRef?.name);
        for (const name of envSources.slice(0, 2))
          expect(byName(manifests, 'ConfigMap', name as string)).toBeDefined();
        const appConfig = byName<ConfigMap>(manifests, 'ConfigMap', `flowpilot-${app}`);
        expect(appConfig.data).toMatchObject({
          OTEL_SERVICE_NAME: app,
          HTTP_PORT: String(container.ports[0].containerPort),
        });

        const service = byName<
          Manifest & {
            spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] };
          }
        >(manifests, 'Service', `flowpilot-${app}`);
        expect(matches(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
        expect(service.spec.ports[0]).toMatchObject({
          port: container.ports[0].containerPort,
          targetPort: 'http',
        });

        const pdb = byName<Manifest & { spec: { selector: { matchLabels: Record<string, string> } } }>(
          manifests,
          'PodDisruptionBudget',
          `flowpilot-${app}`,
        );
        expect(matches(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
      }
    },
  );

  it('autoscales the workers and the gateway, and keeps the collector a single poller', () => {
    const hpas = of<
      Manifest & {
        spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
      }
    >(defaults, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual([
      'flowpilot-gateway',
      'flowpilot-workers',
    ]);
    for (const hpa of hpas) {
      const target = byName<Deployment>(defaults, 'Deployment', hpa.spec.scaleTargetRef.name);
      expect(target.spec.replicas).toBeUndefined();
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    }
    const collector = byName<Deployment & { spec: { strategy?: { type: string } } }>(
      defaults,
      'Deployment',
      'flowpilot-collector',
    );
    expect(collector.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it('gives the apps the setting names they read, from a ConfigMap and a Secret', () => {
    const known = settingNamesReadByApps();
    for (const manifests of [defaults, production]) {
      const configs = of<ConfigMap>(manifests, 'ConfigMap').filter(
        (c) => !c.metadata.labels?.grafana_dashboard,
      );
      const unknown = configs.flatMap((c) =>
        Object.keys(c.data).filter((k) => !known.has(k) && !isFamilySetting(k)),
      );
      expect(unknown).toEqual([]);
    }
    const settings = byName<ConfigMap>(production, 'ConfigMap', 'flowpilot-settings').data;
    expect(settings).toMatchObject({
      KAFKA_BROKERS:
        'b-1.kafka.example.internal:9096,b-2.kafka.example.internal:9096,b-3.kafka.example.internal:9096',
      KAFKA_SSL: 'true',
      DB_HOST: 'flowpilot-db.postgres.example.internal',
      CAMUNDA_NODE_1_NAME: 'orders-1',
      CAMUNDA_NODE_3_URL: 'https://camunda-billing.example.internal/engine-rest',
      CAMUNDA_NODE_3_USER: 'flowpilot-billing',
      OPENAI_BASE_URL: 'https://llm-gateway.example.internal/v1',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability.svc:4318',
    });
    expect(Object.values(settings).join(' ')).not.toMatch(/password|secret/i);
    // An existing Secret replaces the chart's own.
    expect(of(production, 'Secret')).toEqual([]);
    const gateway = byName<Deployment>(production, 'Deployment', 'flowpilot-gateway').spec.template.spec
      .containers[0];
    expect(gateway.envFrom).toContainEqual({ secretRef: { name: 'flowpilot-secrets' } });
    expect(gateway.image).toBe('registry.example.com/platform/flowpilot:0.1.0');
  });

  it('gives the gateway and the bpmn-generator one BPMN request timeout, from bpmn.requestTimeoutMs', () => {
    const timeoutOf = (manifests: Manifest[], app: string) =>
      byName<ConfigMap>(manifests, 'ConfigMap', `flowpilot-${app}`).data.BPMN_REQUEST_TIMEOUT_MS;
    const chartDefault = String((parse(readFileSync(join(ROOT, 'deploy/helm/flowpilot/values.yaml'), 'utf8')) as {
      bpmn: { requestTimeoutMs: number };
    }).bpmn.requestTimeoutMs);

    for (const manifests of [defaults, production]) {
      expect({ gateway: timeoutOf(manifests, 'gateway'), generator: timeoutOf(manifests, 'bpmn-generator') }).toEqual({
        gateway: chartDefault,
        generator: chartDefault,
      });
      // Read by no other app: the shared settings do not carry it.
      expect(byName<ConfigMap>(manifests, 'ConfigMap', 'flowpilot-settings').data).not.toHaveProperty(
        'BPMN_REQUEST_TIMEOUT_MS',
      );
    }
  });

  it('moves both apps together when bpmn.requestTimeoutMs changes, and refuses a per-app override', () => {
    const changed = join(out, 'bpmn-timeout-values.yaml');
    writeFileSync(changed, 'bpmn:\n  requestTimeoutMs: 45000\n');
    const overridden = join(out, 'bpmn-timeout-override.yaml');
    writeFileSync(overridden, 'apps:\n  gateway:\n    config:\n      BPMN_REQUEST_TIMEOUT_MS: "5000"\n');

    const changedRun = helmCheck(join(out, 'bpmn-timeout'), changed);
    const overriddenRun = helmCheck(join(out, 'bpmn-override'), overridden);

    expect(changedRun.status).toBe(0);
    const rendered = load(join(out, 'bpmn-timeout', 'production.yaml'));
    for (const app of ['gateway', 'bpmn-generator'])
      expect(byName<ConfigMap>(rendered, 'ConfigMap', `flowpilot-${app}`).data.BPMN_REQUEST_TIMEOUT_MS).toBe('45000');
    expect(overriddenRun.status).toBe(1);
    expect(overriddenRun.output).toContain('set bpmn.requestTimeoutMs instead');
  }, 240_000);

  it('ships the Grafana dashboards as labelled ConfigMaps', () => {
    const dashboards = of<ConfigMap>(production, 'ConfigMap').filter(
      (c) => c.metadata.labels?.grafana_dashboard === '1',
    );
    const files = readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json'));
    expect(dashboards).toHaveLength(files.length);
    for (const file of files) {
      const configMap = dashboards.find((d) => d.data[file]);
      expect(configMap?.metadata.namespace).toBe('monitoring');
      expect(JSON.parse(configMap?.data[file] as string)).toEqual(
        JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')),
      );
    }
  });

  it('wires prometheus-operator and the ingress when asked', () => {
    const monitor = of<
      Manifest & {
        spec: {
          selector: { matchLabels: Record<string, string> };
          endpoints: { port: string; path: string; honorLabels: boolean }[];
          jobLabel: string;
        };
      }
    >(production, 'ServiceMonitor')[0];
    expect(monitor.spec.endpoints).toEqual([
      expect.objectContaining({ port: 'http', path: '/metrics', honorLabels: true }),
    ]);
    expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/component');
    expect(
      of(production, 'Service').filter((s) =>
        matches(monitor.spec.selector.matchLabels, s.metadata.labels ?? {}),
      ),
    ).toHaveLength(APPS.length);

    const rule = of<Manifest & { spec: unknown }>(production, 'PrometheusRule')[0];
    expect(rule.spec).toEqual(parse(readFileSync(ALERT_RULES, 'utf8')));

    const ingress = of<
      Manifest & {
        spec: {
          rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[];
        };
      }
    >(production, 'Ingress')[0];
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: 'flowpilot-gateway',
      port: { name: 'http' },
    });
    expect(of(defaults, 'ServiceMonitor')).toEqual([]);
    expect(of(defaults, 'Ingress')).toEqual([]);
  });
});
