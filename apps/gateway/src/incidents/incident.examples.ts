/** Examples for the OpenAPI document. */
export const INCIDENT_EXAMPLE = {
  incidentId: '7f9c2a31-5b1e-11ef-9c1a-0242ac120002',
  nodeId: 'node1',
  incidentType: 'failedJob',
  message:
    "Unknown property used in expression: ${customerId}. Cause: Cannot resolve identifier 'customerId'",
  processDefinitionKey: 'invoice',
  processInstanceId: '7f8d1e20-5b1e-11ef-9c1a-0242ac120002',
  activityId: 'ServiceTask_assignApprover',
  status: 'open',
  openedAt: '2026-11-22T05:01:12.000Z',
  resolvedAt: null,
  analysis: {
    incidentId: '7f9c2a31-5b1e-11ef-9c1a-0242ac120002',
    incidentType: 'failedJob',
    processDefinitionKey: 'invoice',
    processInstanceId: '7f8d1e20-5b1e-11ef-9c1a-0242ac120002',
    activityId: 'ServiceTask_assignApprover',
    message: 'Unknown property used in expression: ${customerId}.',
    family: 'missing-variable',
    rootCause: 'The expression reads the process variable "customerId", which the instance does not have.',
    fixSteps: ['Set the variable "customerId" on the instance', 'Retry the failed job'],
    snippet: null,
    confidence: 0.92,
    evidence: [{ source: 'message', excerpt: "Cannot resolve identifier 'customerId'", detail: null }],
    pattern: { signature: 'failedJob|missing-variable|customerId', id: 'p-3f2a9c' },
    remediation: {
      action: 'set-variable',
      retries: 1,
      variables: { customerId: { value: null, type: 'String' } },
      rationale: 'Provide the variable, then retry.',
    },
    llm: { used: false, model: null, note: 'rule-based' },
    analyzedAt: '2026-11-22T05:01:13.000Z',
  },
};

export const INCIDENT_PAGE_EXAMPLE = { data: [INCIDENT_EXAMPLE], page: { limit: 50, offset: 0, total: 1 } };
