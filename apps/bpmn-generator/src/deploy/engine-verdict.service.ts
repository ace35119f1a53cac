import { Inject, Injectable } from '@nestjs/common';
import { CamundaFleet } from '@flowpilot/shared';
import { DeploymentService } from './deployment.service';

/**
 * An LLM answer's last check: the first configured engine's own parse (deploy, then remove). No
 * engine configured, or one that cannot be reached, gives no verdict (null) rather than failing the answer.
 */
@Injectable()
export class EngineVerdictService {
  constructor(
    @Inject(DeploymentService) private readonly deployments: Pick<DeploymentService, 'verdict'>,
    @Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'nodeIds'>,
  ) {}

  async verdict(xml: string): Promise<{ ok: boolean; message: string | null } | null> {
    const [nodeId] = this.fleet.nodeIds;
    if (!nodeId) return null;
    try {
      return await this.deployments.verdict(nodeId, xml);
    } catch {
      return null;
    }
  }
}
