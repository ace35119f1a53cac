import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CamundaFleet, HealthRegistry } from '@flowpilot/shared';

/** Adds each configured Camunda node's reachability to `/health/ready` (`camunda:<node id>`). */
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
