import { CamundaRestClient, CamundaRestError } from '@flowpilot/shared';

export interface ExternalTaskCounts {
  open: number;
  locked: number;
  withoutRetries: number;
}

export interface MeterSum {
  name: string;
  value: number;
}

/** The REST calls the collector makes on one node's /engine-rest. */
export class CollectorCamundaApi {
  constructor(private readonly client: CamundaRestClient) {}

  get url(): string {
    return this.client.node.url;
  }

  /** One page of a REST list (history lists take firstResult/maxResults). */
  list<R>(path: string, query: Record<string, string | number>): Promise<R[]> {
    return this.client.get<R[]>(path, { query });
  }

  async version(): Promise<string> {
    const answer = await this.client.get<{ version: string }>('/version');
    return answer.version;
  }

  /**
   * The product name in `/telemetry/data` ("Camunda BPM Runtime", "Operaton BPM Runtime", "CIB seven"). An
   * engine that refuses it (telemetry off, no admin rights) gives null: the version alone then names the flavour.
   */
  async productName(): Promise<string | null> {
    try {
      const answer = await this.client.get<{ product?: { name?: unknown } }>('/telemetry/data');
      return typeof answer.product?.name === 'string' ? answer.product.name : null;
    } catch (error) {
      if (error instanceof CamundaRestError) return null;
      throw error;
    }
  }

  /** The failed job's stack trace; null when the job is gone (retried, deleted) by the time we ask. */
  jobStackTrace(jobId: string): Promise<string | null> {
    return this.orNullWhenGone(
      this.client.get<string>(`/job/${encodeURIComponent(jobId)}/stacktrace`, { text: true }),
    );
  }

  externalTaskErrorDetails(externalTaskId: string): Promise<string | null> {
    return this.orNullWhenGone(
      this.client.get<string>(`/external-task/${encodeURIComponent(externalTaskId)}/errorDetails`, {
        text: true,
      }),
    );
  }

  /** Distinct external-task topics (paged through /external-task). */
  async externalTaskTopics(pageSize: number): Promise<string[]> {
    const topics = new Set<string>();
    for (let first = 0; ; first += pageSize) {
      const page = await this.client.get<Array<{ topicName: string }>>('/external-task', {
        query: { firstResult: first, maxResults: pageSize, sortBy: 'id', sortOrder: 'asc' },
      });
      for (const task of page) topics.add(task.topicName);
      if (page.length < pageSize) return [...topics].sort();
    }
  }

  async externalTaskCounts(topicName: string): Promise<ExternalTaskCounts> {
    const count = async (query: Record<string, string | boolean>) =>
      (await this.client.get<{ count: number }>('/external-task/count', { query: { topicName, ...query } }))
        .count;
    const [open, locked, withoutRetries] = await Promise.all([
      count({ notLocked: true, withRetriesLeft: true, active: true }),
      count({ locked: true }),
      count({ noRetriesLeft: true }),
    ]);
    return { open, locked, withoutRetries };
  }

  /** Sum of one engine metric between two instants (Camunda flushes its meter log periodically). */
  async meterSum(name: string, startDate: Date, endDate: Date): Promise<number> {
    const answer = await this.client.get<{ result: number }>(`/metrics/${encodeURIComponent(name)}/sum`, {
      query: { startDate: camundaDate(startDate), endDate: camundaDate(endDate) },
    });
    return answer.result;
  }

  /**
   * A job or task that is gone (404) or that the engine refuses to describe yields no stack trace rather than
   * holding back the incident; an unreachable node (TransientError) fails the cycle, to be retried.
   */
  private async orNullWhenGone(request: Promise<string>): Promise<string | null> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof CamundaRestError) return null;
      throw error;
    }
  }
}

/** Camunda's REST date format: yyyy-MM-dd'T'HH:mm:ss.SSSZ. */
export function camundaDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
