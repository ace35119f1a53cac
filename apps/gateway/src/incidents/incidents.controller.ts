import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiError } from '../http/api-error';
import { ApiAnswers, ApiQueryOf } from '../http/openapi.util';
import { Paged } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import { INCIDENT_EXAMPLE, INCIDENT_PAGE_EXAMPLE } from './incident.examples';
import { IncidentKeySchema, IncidentListQuery, IncidentListQuerySchema } from './incident-query.schema';
import { IncidentRepository, IncidentView } from './incident.repository';

@ApiTags('incidents')
@ApiSecurity('api-key')
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(@Inject(IncidentRepository) private readonly incidents: IncidentRepository) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary: 'Incidents of every node with their analyses; filter, sort (`sort=-openedAt`), page.',
  })
  @ApiQueryOf(IncidentListQuerySchema, {
    status: 'open',
    family: 'missing-variable',
    sort: '-openedAt',
    limit: 50,
  })
  @ApiAnswers(200, 'A page of incidents', INCIDENT_PAGE_EXAMPLE)
  list(@Query(validated(IncidentListQuerySchema)) query: IncidentListQuery): Promise<Paged<IncidentView>> {
    return this.incidents.list(query);
  }

  @Get(':nodeId/:incidentId')
  @RequireScope('read')
  @ApiOperation({ summary: 'One incident with its analysis.' })
  @ApiParam({ name: 'nodeId', example: 'node1' })
  @ApiParam({ name: 'incidentId', example: INCIDENT_EXAMPLE.incidentId })
  @ApiAnswers(200, 'The incident', INCIDENT_EXAMPLE, [404])
  async get(
    @Param(validated(IncidentKeySchema)) key: { nodeId: string; incidentId: string },
  ): Promise<IncidentView> {
    const found = await this.incidents.get(key.nodeId, key.incidentId);
    if (!found) throw ApiError.notFound('Incident', key);
    return found.view;
  }
}
