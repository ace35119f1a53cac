/**
 * Validates a rendered manifest against the Kubernetes OpenAPI schema of its
 * kind (kubernetes-models) or the prometheus-operator CRD schema, like
 * kubeconform does against the published JSON schemas.
 */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

type Model = new (data: Manifest) => { validate(): void };

function modelModule(apiVersion: string, kind: string): string {
  if (apiVersion.startsWith('monitoring.coreos.com/'))
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/** The schema errors of a manifest, or null when it is valid. */
export function schemaErrors(manifest: Manifest): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the model module depends on the manifest's kind
  const exports = require(modelModule(manifest.apiVersion, manifest.kind)) as Record<string, Model>;
  const ModelClass = exports[manifest.kind];
  if (!ModelClass) return `no schema for ${manifest.apiVersion} ${manifest.kind}`;
  try {
    new ModelClass(manifest).validate();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
