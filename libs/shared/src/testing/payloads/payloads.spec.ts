import { PayloadOf, TOPIC_NAMES, TOPICS, TopicName } from '../../contracts/topic-catalogue';
import * as payloads from './index';

/** Every catalogue topic and the factory that makes its payload: a new topic without one does not compile. */
const FACTORIES: { [T in TopicName]: () => PayloadOf<T> } = {
  'camunda.incident.opened.v1': payloads.incidentOpened,
  'camunda.incident.resolved.v1': payloads.incidentResolved,
  'camunda.node.status.v1': payloads.nodeStatus,
  'camunda.process.started.v1': payloads.processStarted,
  'camunda.process.completed.v1': payloads.processCompleted,
  'camunda.activity.completed.v1': payloads.activityCompleted,
  'camunda.user-task.created.v1': payloads.userTaskCreated,
  'camunda.user-task.completed.v1': payloads.userTaskCompleted,
  'camunda.job.failed.v1': payloads.jobFailed,
  'camunda.external-task.backlog.v1': payloads.externalTaskBacklog,
  'camunda.engine.metrics.v1': payloads.engineMetrics,
  'camunda.engine.version.v1': payloads.engineVersion,
  'camunda.instance.stuck.v1': payloads.instanceStuck,
  'camunda.history.size.v1': payloads.historySize,
  'camunda.jvm.metrics.v1': payloads.jvmMetrics,
  'incident.analysis.v1': payloads.incidentAnalyzed,
  'incident.pattern.v1': payloads.incidentPattern,
  'analysis.anomaly.v1': payloads.anomalyDetected,
  'analysis.bottlenecks.v1': payloads.bottlenecksReport,
  'analysis.sla.v1': payloads.slaAlert,
  'analysis.job-failure-risk.v1': payloads.jobFailureRiskReport,
  'analysis.health.v1': payloads.healthScore,
  'analysis.leaderboard.v1': payloads.leaderboardReport,
  'settings.thresholds.v1': payloads.thresholdsChanged,
  'worker.task.completed.v1': payloads.workerTaskCompleted,
  'worker.task.failed.v1': payloads.workerTaskFailed,
  'bpmn.request.v1': () => payloads.bpmnRequest(),
  'bpmn.reply.v1': () => payloads.bpmnReply(),
};

describe('payload factories', () => {
  it.each(TOPIC_NAMES)('%s: the default payload passes the topic schema unchanged', (topic) => {
    const payload = FACTORIES[topic]();
    const parsed = TOPICS[topic].schema.safeParse(payload);

    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(payload);
  });

  it('replaces only the fields given', () => {
    expect(payloads.incidentOpened({ incidentId: 'i-9', stackTrace: 'at X' })).toEqual({
      ...payloads.incidentOpened(),
      incidentId: 'i-9',
      stackTrace: 'at X',
    });
  });

  it('makes request/reply payloads for other commands and failures that pass their schemas', () => {
    const request = payloads.bpmnRequest({
      type: 'get-model',
      modelId: '00000000-0000-4000-8000-00000000000a',
    });
    const failure = payloads.bpmnReply({
      type: 'get-model',
      ok: false,
      error: { code: 'not-found', message: 'no such model', details: null },
    });

    expect(TOPICS['bpmn.request.v1'].schema.safeParse(request).success).toBe(true);
    expect(TOPICS['bpmn.reply.v1'].schema.safeParse(failure).success).toBe(true);
  });
});
