import { exposes, parseExposition } from './support/exposition.util';
import { metricNamesOf } from './support/promql-metric-names.util';

describe('metricNamesOf', () => {
  it.each([
    ['flowpilot_collector_node_up', ['flowpilot_collector_node_up']],
    [
      'sum by (service, topic) (rate(flowpilot_kafka_messages_consumed_total{outcome="dead-lettered"}[5m]))',
      ['flowpilot_kafka_messages_consumed_total'],
    ],
    [
      'histogram_quantile(0.95, sum by (le, topic) (rate(flowpilot_worker_task_duration_seconds_bucket{node=~"$node"}[$__rate_interval])))',
      ['flowpilot_worker_task_duration_seconds_bucket'],
    ],
    ['sum(increase(a_total[24h])) + sum(increase(b_total[24h])) > 1e3', ['a_total', 'b_total']],
    ['up{job=~"collector|gateway"} == 0 and on (instance) node_boot offset 5m', ['up', 'node_boot']],
    ['60 * sum without (pod) (rate(x_total{reason="a{b}"}[1m])) / ignoring (kind) y', ['x_total', 'y']],
    ['max(flowpilot_analyzer_health_score{scope="cluster"}) bool > 80', ['flowpilot_analyzer_health_score']],
  ])('reads %s', (expression, expected) => {
    expect(metricNamesOf(expression).sort()).toEqual([...expected].sort());
  });
});

describe('exposition', () => {
  const sut = parseExposition(
    [
      '# HELP flowpilot_worker_task_duration_seconds Time.',
      '# TYPE flowpilot_worker_task_duration_seconds histogram',
      '# HELP flowpilot_kafka_consumer_lag Lag.',
      '# TYPE flowpilot_kafka_consumer_lag gauge',
      'flowpilot_kafka_consumer_lag{topic="t",partition="0",service="gateway"} 3',
      '# TYPE flowpilot_summary_seconds summary',
      'flowpilot_untyped_total 1',
    ].join('\n'),
  );

  it('knows declared families, also before their first sample', () => {
    expect(exposes(sut, 'flowpilot_kafka_consumer_lag')).toBe(true);
    expect(exposes(sut, 'flowpilot_worker_task_duration_seconds_bucket')).toBe(true);
    expect(exposes(sut, 'flowpilot_worker_task_duration_seconds_count')).toBe(true);
    expect(exposes(sut, 'flowpilot_summary_seconds_sum')).toBe(true);
    expect(exposes(sut, 'flowpilot_untyped_total')).toBe(true);
  });

  it('rejects names the scrape does not have', () => {
    expect(exposes(sut, 'flowpilot_kafka_consumer_lag_bucket')).toBe(false);
    expect(exposes(sut, 'flowpilot_summary_seconds_bucket')).toBe(false);
    expect(exposes(sut, 'flowpilot_worker_tasks_total')).toBe(false);
  });
});
