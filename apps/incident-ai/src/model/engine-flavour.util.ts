/**
 * Camunda 7 CE and its forks Operaton and CIB seven run the same engine: the
 * same `ENGINE-xxxxx` codes, messages and REST API. They differ in the Java
 * package root (so in exception class names and stack frames), in Maven
 * coordinates and, for Operaton, in the BPMN extension namespace its modeler
 * writes. Rules are written once against the engine's words; what a fix must
 * name for one flavour is read from its profile here.
 */
export type EngineFlavour = 'camunda' | 'operaton' | 'cibseven';

export interface EngineFlavourProfile {
  flavour: EngineFlavour;
  /** As users name it. */
  label: string;
  /** Root of the engine's Java packages (`<root>.engine.delegate.JavaDelegate`). */
  javaPackage: string;
  /** Maven groupId of the engine artefacts. */
  mavenGroup: string;
  /** The engine artefact, e.g. for a process application's `provided` dependency. */
  engineArtifact: string;
  /** The BPMN extension namespace this flavour's modeler writes. */
  bpmnNamespace: { prefix: BpmnExtensionPrefix; uri: string };
}

export type BpmnExtensionPrefix = 'camunda' | 'operaton';

export const CAMUNDA_BPMN_NS = 'http://camunda.org/schema/1.0/bpmn';
/** Operaton's own namespace; Operaton still reads `camunda:` too, Camunda 7 and CIB seven read only `camunda:`. */
export const OPERATON_BPMN_NS = 'http://operaton.org/schema/1.0/bpmn';

/** Every BPMN extension namespace of the family, with the prefix this service writes for it. */
export const BPMN_EXTENSION_NAMESPACES: ReadonlyMap<string, BpmnExtensionPrefix> = new Map([
  [CAMUNDA_BPMN_NS, 'camunda'],
  [OPERATON_BPMN_NS, 'operaton'],
]);

export const ENGINE_FLAVOURS: Readonly<Record<EngineFlavour, EngineFlavourProfile>> = {
  camunda: {
    flavour: 'camunda',
    label: 'Camunda 7',
    javaPackage: 'org.camunda.bpm',
    mavenGroup: 'org.camunda.bpm',
    engineArtifact: 'org.camunda.bpm:camunda-engine',
    bpmnNamespace: { prefix: 'camunda', uri: CAMUNDA_BPMN_NS },
  },
  operaton: {
    flavour: 'operaton',
    label: 'Operaton',
    javaPackage: 'org.operaton.bpm',
    mavenGroup: 'org.operaton.bpm',
    engineArtifact: 'org.operaton.bpm:operaton-engine',
    bpmnNamespace: { prefix: 'operaton', uri: OPERATON_BPMN_NS },
  },
  cibseven: {
    flavour: 'cibseven',
    label: 'CIB seven',
    javaPackage: 'org.cibseven.bpm',
    mavenGroup: 'org.cibseven.bpm',
    engineArtifact: 'org.cibseven.bpm:cibseven-engine',
    bpmnNamespace: { prefix: 'camunda', uri: CAMUNDA_BPMN_NS },
  },
};

/**
 * The vendor part of the family's Java packages (`org.camunda`, `org.operaton`,
 * `org.cibseven`), as a regex source to embed: the one place that knows the
 * three names. Besides `bpm` it covers the family's `commons`, `spin`,
 * `connect` and `feel` packages.
 */
export const ENGINE_VENDOR_PACKAGE = 'org\\.(?:camunda|operaton|cibseven)';

const FORK_PACKAGE = /\borg\.(?:operaton|cibseven)\.(?=bpm\b|commons\b|spin\b|connect\b|feel\b)/g;
const FLAVOUR_PACKAGE = /\borg\.(camunda|operaton|cibseven)\.bpm\b/g;

/**
 * The text with the forks' package roots written as Camunda's, so one failure
 * reads the same whichever flavour raised it (pattern signatures group a mixed
 * fleet's occurrences this way). Only for comparing: evidence quotes the engine's own words.
 */
export function normaliseEnginePackages(text: string): string {
  return text.replace(FORK_PACKAGE, 'org.camunda.');
}

/**
 * The flavour whose `org.<vendor>.bpm` packages the texts name, or null. A fork
 * wins over `org.camunda.bpm`: fork deployments may still carry Camunda-named
 * libraries (FEEL, old plugins), never the other way round.
 */
export function flavourNamedIn(...texts: (string | null | undefined)[]): EngineFlavour | null {
  const seen = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.matchAll(FLAVOUR_PACKAGE)) seen.add(match[1]);
  }
  if (seen.has('operaton')) return 'operaton';
  if (seen.has('cibseven')) return 'cibseven';
  return seen.has('camunda') ? 'camunda' : null;
}
