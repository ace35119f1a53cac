import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyPrincipal } from '../auth/api-key.service';
import { CurrentApiKey } from '../auth/current-api-key.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiJsonBody } from '../http/openapi.util';
import { validated } from '../http/zod-validation.pipe';
import { IncidentKeySchema } from '../incidents/incident-query.schema';
import { RemediationRequest, RemediationRequestSchema } from './remediation-plan.util';
import { RemediationResult, RemediationService } from './remediation.service';

const REQUEST_EXAMPLE = { variables: { customerId: { value: 'C-1042', type: 'String' } }, retries: 1 };
const RESULT_EXAMPLE = {
  nodeId: 'node1',
  incidentId: '7f9c2a31-5b1e-11ef-9c1a-0242ac120002',
  dryRun: true,
  action: 'set-variable',
  rationale: 'Provide the variable, then retry.',
  warnings: [],
  incidentOpenOnEngine: true,
  applied: false,
  steps: [
    {
      description: 'Set "customerId" (String) on process instance 7f8d1e20-5b1e-11ef-9c1a-0242ac120002',
      method: 'POST',
      path: '/process-instance/7f8d1e20-5b1e-11ef-9c1a-0242ac120002/variables',
      body: { modifications: { customerId: { value: 'C-1042', type: 'String' } } },
      status: 'planned',
      error: null,
    },
    {
      description: 'Set 1 retries on failed job 7fa0c1b2',
      method: 'PUT',
      path: '/job/7fa0c1b2/retries',
      body: { retries: 1 },
      status: 'planned',
      error: null,
    },
  ],
};

@ApiTags('incidents')
@ApiSecurity('api-key')
@Controller('api/v1/incidents/:nodeId/:incidentId/remediation')
export class RemediationController {
  constructor(@Inject(RemediationService) private readonly remediation: RemediationService) {}

  @Post('dry-run')
  @RequireScope('write')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Show the Camunda calls the suggested fix would make (nothing is changed) and whether the engine still has the incident.',
  })
  @ApiParam({ name: 'nodeId', example: 'node1' })
  @ApiParam({ name: 'incidentId', example: RESULT_EXAMPLE.incidentId })
  @ApiJsonBody(RemediationRequestSchema, REQUEST_EXAMPLE)
  @ApiAnswers(200, 'The plan', RESULT_EXAMPLE, [404, 409])
  dryRun(
    @Param(validated(IncidentKeySchema)) key: { nodeId: string; incidentId: string },
    @Body(validated(RemediationRequestSchema)) body: RemediationRequest,
    @CurrentApiKey() caller: ApiKeyPrincipal | null,
  ): Promise<RemediationResult> {
    return this.remediation.run(key.nodeId, key.incidentId, body, true, caller);
  }

  @Post('apply')
  @RequireScope('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Apply the suggested fix: set the variables the analysis names, then set retries on the failed job or external task. Non-destructive; audit-logged.',
  })
  @ApiParam({ name: 'nodeId', example: 'node1' })
  @ApiParam({ name: 'incidentId', example: RESULT_EXAMPLE.incidentId })
  @ApiJsonBody(RemediationRequestSchema, REQUEST_EXAMPLE)
  @ApiAnswers(
    200,
    'What was done',
    {
      ...RESULT_EXAMPLE,
      dryRun: false,
      applied: true,
      incidentOpenOnEngine: null,
      steps: RESULT_EXAMPLE.steps.map((s) => ({ ...s, status: 'done' })),
    },
    [404, 409, 502, 503],
  )
  apply(
    @Param(validated(IncidentKeySchema)) key: { nodeId: string; incidentId: string },
    @Body(validated(RemediationRequestSchema)) body: RemediationRequest,
    @CurrentApiKey() caller: ApiKeyPrincipal | null,
  ): Promise<RemediationResult> {
    return this.remediation.run(key.nodeId, key.incidentId, body, false, caller);
  }
}
