import { Inject, Injectable } from '@nestjs/common';
import { ModelCacheSettings } from '../incident-ai.settings';
import { BpmnModel } from './bpmn-model';
import { CamundaEngineApi } from './camunda-engine.api';

/**
 * Deployed models by node and definition id. A process definition id names one
 * immutable deployment, so an entry never goes stale; the cache is bounded and
 * evicts the least recently used entry.
 */
@Injectable()
export class ProcessModelCache {
  private readonly entries = new Map<string, Promise<BpmnModel>>();

  constructor(
    @Inject(CamundaEngineApi) private readonly engine: Pick<CamundaEngineApi, 'definitionXml'>,
    private readonly settings: ModelCacheSettings,
  ) {}

  load(nodeId: string, definitionId: string): Promise<BpmnModel> {
    const key = `${nodeId}\u0000${definitionId}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const loading = this.engine.definitionXml(nodeId, definitionId).then((xml) => BpmnModel.parse(xml));
    // A failed load is not cached: the next incident tries again.
    loading.catch(() => this.entries.delete(key));
    this.entries.set(key, loading);
    while (this.entries.size > this.settings.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    return loading;
  }
}
