import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../health/health-registry';
import { CamundaFleet } from './camunda-fleet';

/**
 * Adds each configured Camunda node's reachability to `/health/ready` (`camunda:<node id>`), for apps that
 * cannot work without their engines (the gateway, the workers). Apps that keep working while a node is
 * down (incident-ai, bpmn-generator) do not provide it; the collector reports its own per-node state.
 */
@Injectable()
export class CamundaReadiness implements OnModuleInit {
  constructor(
    @Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'registerReadiness'>,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.fleet.registerReadiness(this.health);
  }
}
