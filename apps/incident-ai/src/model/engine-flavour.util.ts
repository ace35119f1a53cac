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
  /** The engine artefact, e.g. for a process application's `provided` dependency. */
  engineArtifact: string;
  /** The BPMN extension namespace this flavour's modeler writes (URIs in BPMN_EXTENSION_NAMESPACES). */
  bpmnPrefix: BpmnExtensionPrefix;
}

export type BpmnExtensionPrefix = 'camunda' | 'operaton';

const CAMUNDA_BPMN_NS = 'http://camunda.org/schema/1.0/bpmn';
/** Operaton's own namespace; Operaton still reads `camunda:` too, Camunda 7 and CIB seven read only `camunda:`. */
const OPERATON_BPMN_NS = 'http://operaton.org/schema/1.0/bpmn';

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
    engineArtifact: 'org.camunda.bpm:camunda-engine',
    bpmnPrefix: 'camunda',
  },
  operaton: {
    flavour: 'operaton',
    label: 'Operaton',
    javaPackage: 'org.operaton.bpm',
    engineArtifact: 'org.operaton.bpm:operaton-engine',
    bpmnPrefix: 'operaton',
  },
  cibseven: {
    flavour: 'cibseven',
    label: 'CIB seven',
    javaPackage: 'org.cibseven.bpm',
    engineArtifact: 'org.cibseven.bpm:cibseven-engine',
    bpmnPrefix: 'camunda',
  },
};

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `org.camunda`, `org.operaton`, `org.cibseven`: each profile's package root without its `.bpm`. */
const vendorOf = (profile: EngineFlavourProfile) => profile.javaPackage.replace(/\.bpm$/, '');
const PROFILES = Object.values(ENGINE_FLAVOURS);
const FORKS = PROFILES.filter((p) => p.flavour !== 'camunda');
/** The family's packages besides `bpm` that forks rename too. */
const FAMILY_PACKAGES = '(?=bpm\\b|commons\\b|spin\\b|connect\\b|feel\\b)';

/**
 * The vendor part of the family's Java packages, as a regex source to embed
 * (`org\.(?:camunda|operaton|cibseven)`): stack-frame filters use it instead of
 * naming the engines again.
 */
export const ENGINE_VENDOR_PACKAGE = `(?:${PROFILES.map((p) => escapeRegex(vendorOf(p))).join('|')})`;

const FORK_PACKAGE = new RegExp(
  `\\b(?:${FORKS.map((p) => escapeRegex(vendorOf(p))).join('|')})\\.${FAMILY_PACKAGES}`,
  'g',
);
const CAMUNDA_VENDOR = `${vendorOf(ENGINE_FLAVOURS.camunda)}.`;
const NAMES_PACKAGE = new Map(
  PROFILES.map((p) => [p.flavour, new RegExp(`\\b${escapeRegex(p.javaPackage)}\\b`)] as const),
);

/**
 * The text with the forks' package roots written as Camunda's, so one failure
 * reads the same whichever flavour raised it (pattern signatures group a mixed
 * fleet's occurrences this way). Only for comparing: evidence quotes the engine's own words.
 */
export function normaliseEnginePackages(text: string): string {
  return text.replace(FORK_PACKAGE, CAMUNDA_VENDOR);
}

/**
 * The flavour whose `<root>.bpm` packages the texts name, or null. A fork wins
 * over `org.camunda.bpm`: fork deployments may still carry Camunda-named
 * libraries (FEEL, old plugins), never the other way round.
 */
export function flavourNamedIn(...texts: (string | null | undefined)[]): EngineFlavour | null {
  const named = texts.filter(Boolean).join('\n');
  const found = [...FORKS, ENGINE_FLAVOURS.camunda].find((p) => NAMES_PACKAGE.get(p.flavour)!.test(named));
  return found?.flavour ?? null;
}
