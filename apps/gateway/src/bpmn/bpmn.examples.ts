/** Examples for the OpenAPI document. */
const modelId = '4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const xml =
  '<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" …>\n  <bpmn:process id="order_fulfilment" isExecutable="true"> … </bpmn:process>\n</bpmn:definitions>';
const deployment = {
  node: 'node1',
  deploymentId: '9f8e7d6c-5b4a-11ef-9c1a-0242ac120002',
  processDefinitionId: 'order_fulfilment:1:9f8e7d6c',
  processDefinitionKey: 'order_fulfilment',
  engineVersion: 1,
  deployedAt: '2026-11-22T05:30:00.000Z',
  instanceId: null,
};
const summary = {
  modelId,
  version: 1,
  name: 'Order fulfilment',
  processId: 'order_fulfilment',
  sourceKind: 'text',
  generator: 'offline',
  createdAt: '2026-11-22T05:29:00.000Z',
  lint: { errors: 0, warnings: 1 },
  latestDeployment: null,
};
const stats = {
  userTasks: 0,
  serviceTasks: 4,
  otherTasks: 0,
  gateways: { exclusive: 0, parallel: 0, inclusive: 0, eventBased: 0 },
  timers: [],
  messageEvents: 0,
  errorEvents: 0,
  escalationEvents: 0,
  compensationEvents: 0,
  conditions: [],
  sequenceFlows: 5,
};

export const BPMN_EXAMPLES = {
  generateFromText: {
    text: 'Receive order, validate payment, ship product, send confirmation',
    name: 'Order fulfilment',
    enhancements: ['error-boundaries'],
  },
  generateFromTemplate: {
    template: 'approval-chain',
    config: { approval_type: 'purchase_order', routing_rules: 'amount-based' },
    name: 'PO approval',
  },
  enhance: { source: { kind: 'model', modelId }, passes: ['sla-timers', 'error-boundaries'] },
  validate: { source: { kind: 'model', modelId }, node: 'node1' },
  deploy: { node: 'node1', startInstance: true, variables: { orderId: { value: 'A-1001', type: 'String' } } },
  summary,
  model: {
    ...summary,
    xml,
    sourceText: 'Receive order, validate payment, ship product, send confirmation',
    template: null,
    parentVersion: null,
    enhancements: [],
    lintFindings: [
      {
        rule: 'label-required',
        severity: 'warn',
        elementId: 'end',
        message: 'Element is missing label/name',
      },
    ],
    suggestions: [
      {
        kind: 'missing-error-handling',
        message: 'Service task "Validate payment" has no error boundary',
        elementIds: ['validatePayment'],
      },
    ],
    stats,
    notes: [],
    deployments: [],
    versions: [{ version: 1, createdAt: '2026-11-22T05:29:00.000Z', sourceKind: 'text' }],
    links: {
      xml: `/api/v1/bpmn/models/${modelId}/xml?version=1`,
      viewer: `/bpmn-viewer.html#model=${modelId}&version=1`,
    },
  },
  validationReport: {
    parse: { ok: true, warnings: [] },
    lintFindings: [],
    lint: { errors: 0, warnings: 0 },
    engine: { node: 'node1', ok: true, message: null },
    suggestions: [],
    stats,
    processCount: 1,
  },
  deployResult: {
    modelId,
    version: 1,
    deployment,
    engine: {
      deploymentId: deployment.deploymentId,
      deployedProcessDefinitions: [
        { id: 'order_fulfilment:1:9f8e7d6c', key: 'order_fulfilment', version: 1 },
      ],
    },
    instance: null,
  },
  templates: {
    data: [
      {
        kind: 'approval-chain',
        title: 'Approval chain',
        description: 'Routes a request through approvers by amount',
        parameters: [{ name: 'approval_type', description: 'What is approved', default: 'purchase_order' }],
      },
    ],
  },
};
