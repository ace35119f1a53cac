import { Controller, Get, HttpCode, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthRegistry } from './health-registry';

/** Kubernetes-style probes. They need no API key. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthRegistry) private readonly health: HealthRegistry) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is alive (the event loop answers).' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('startup')
  @ApiOperation({ summary: 'Start-up has finished (migrations applied, consumers running).' })
  startup(): { status: 'started' } {
    if (!this.health.isStarted())
      throw new HttpException({ status: 'starting' }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'started' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Dependencies answer (Kafka, PostgreSQL, Camunda nodes where used).' })
  async ready(): Promise<{ status: 'ready'; checks: Record<string, unknown> }> {
    const { ok, checks } = await this.health.readiness();
    if (!ok) throw new HttpException({ status: 'not-ready', checks }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ready', checks };
  }
}
