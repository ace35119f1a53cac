import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  BpmnCommand,
  BpmnResultOf,
  ModelSource,
  ReplyErrorCode,
  RequestTimeoutError,
} from '@flowpilot/shared';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { BpmnRequestClient } from './bpmn-request.client';

const REPLY_ERRORS: Record<ReplyErrorCode, { status: HttpStatus; code: ApiErrorCode }> = {
  'invalid-request': { status: HttpStatus.BAD_REQUEST, code: 'validation_failed' },
  'not-found': { status: HttpStatus.NOT_FOUND, code: 'not_found' },
  unprocessable: { status: HttpStatus.UNPROCESSABLE_ENTITY, code: 'unprocessable' },
  'engine-rejected': { status: HttpStatus.UNPROCESSABLE_ENTITY, code: 'engine_rejected' },
  unavailable: { status: HttpStatus.SERVICE_UNAVAILABLE, code: 'upstream_unavailable' },
  expired: { status: HttpStatus.GATEWAY_TIMEOUT, code: 'upstream_timeout' },
  internal: { status: HttpStatus.BAD_GATEWAY, code: 'upstream_failed' },
};

/**
 * BPMN commands for the HTTP API: the generator's error codes become HTTP answers.
 * Each HTTP request is one round trip: XML the caller brings is checked by the
 * bpmn-generator inside the command itself (a DOCTYPE, XML that does not parse
 * cleanly, no process), which answers `invalid-request` with `details.problem`;
 * that is the 400 here, and no engine was asked.
 */
@Injectable()
export class BpmnService {
  constructor(@Inject(BpmnRequestClient) private readonly client: Pick<BpmnRequestClient, 'ask'>) {}

  /** Parse and lint, then (with a node) the engine's verdict. */
  validate(source: ModelSource, node: string | undefined): Promise<BpmnResultOf<'validate'>> {
    return this.run({ type: 'validate', source, node });
  }

  async run<C extends BpmnCommand>(command: C): Promise<BpmnResultOf<C['type']>> {
    let answer;
    try {
      answer = await this.client.ask(command);
    } catch (error) {
      if (error instanceof RequestTimeoutError) {
        throw new ApiError(
          HttpStatus.GATEWAY_TIMEOUT,
          'upstream_timeout',
          'The bpmn-generator did not answer in time',
          { command: command.type, timeoutMs: error.timeoutMs },
        );
      }
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'upstream_unavailable',
        'The bpmn-generator could not be asked',
        { command: command.type },
      );
    }
    if (answer.ok) return answer.result;
    const { status, code } = REPLY_ERRORS[answer.error.code];
    throw new ApiError(status, code, answer.error.message, answer.error.details);
  }
}
