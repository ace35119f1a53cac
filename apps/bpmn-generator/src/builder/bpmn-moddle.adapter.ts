import type { createRequire as CreateRequire } from 'node:module';

/** The slice of bpmn-moddle's API the generator uses. Elements are dynamic objects typed by `$type`. */
export interface ModdleElement {
  $type: string;
  id?: string;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  [property: string]: unknown;
}

export interface ParseResult {
  rootElement: ModdleElement;
  warnings: { message: string }[];
}

export interface BpmnModdle {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
  fromXML(xml: string): Promise<ParseResult>;
}

// bpmn-moddle and bpmnlint's dependencies are ESM-only. Node (>= 20.19) loads them with its own
// require(esm); Jest replaces `require` and `node:module` with a registry that cannot, so the real
// loader is taken from process.getBuiltinModule, which Jest leaves alone.
const { createRequire } = process.getBuiltinModule('node:module') as { createRequire: typeof CreateRequire };
export const nativeRequire = createRequire(__filename);

let camundaDescriptor: unknown;

/** A moddle instance that knows BPMN 2.0 and the Camunda 7 extensions (camunda:*). */
export function createBpmnModdle(): BpmnModdle {
  const { BpmnModdle: Moddle } = nativeRequire('bpmn-moddle') as {
    BpmnModdle: new (packages: Record<string, unknown>) => BpmnModdle;
  };
  camundaDescriptor ??= nativeRequire('camunda-bpmn-moddle/resources/camunda.json');
  return new Moddle({ camunda: camundaDescriptor });
}
