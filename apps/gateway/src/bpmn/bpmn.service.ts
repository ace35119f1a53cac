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

/** XML bombs and external entities need a DOCTYPE; BPMN never has one (Camunda refuses it too). */
const DOCTYPE_OR_ENTITY = /<!\s*(DOCTYPE|ENTITY)/i;

/** BPMN commands for the HTTP API: the generator's error codes become HTTP answers. */
@Injectable()
export class BpmnService {
  constructor(@Inject(BpmnRequestClient) private readonly client: BpmnRequestClient) {}

  /**
   * Parse and lint, then (with a node) the engine's verdict. XML the caller
   * brings must be a well-formed BPMN 2.0 document with a process first: a
   * malformed one, or one without a process, is a 400 naming the problem, and
   * never reaches an engine.
   */
  async validate(source: ModelSource, node: string | undefined): Promise<BpmnResultOf<'validate'>> {
    const parsed = await this.parseCallerXml(source);
    if (parsed && !node) return parsed;
    return this.run({ type: 'validate', source, node });
  }

  /** Throws the 400 for malformed caller XML or XML without a process; returns the parse-only report it was checked with. */
  async parseCallerXml(source: ModelSource): Promise<BpmnResultOf<'validate'> | null> {
    if (source.kind !== 'xml') return null;
    if (DOCTYPE_OR_ENTITY.test(source.xml))
      throw malformedBpmn('DOCTYPE and entity declarations are not allowed in BPMN XML', []);
    const report = await this.run({ type: 'validate', source });
    const problems = report.parse.warnings;
    if (!report.parse.ok || problems.length > 0)
      throw malformedBpmn(problems[0] ?? 'the XML does not parse as BPMN 2.0', problems);
    // An older generator does not count processes (undefined): its lint findings still say so.
    if (report.processCount === 0) throw withoutProcess();
    return report;
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

function withoutProcess(): ApiError {
  return new ApiError(
    HttpStatus.BAD_REQUEST,
    'validation_failed',
    'BPMN XML without a process: the definitions contain no <process> element, so there is nothing to validate, enhance or deploy',
    { problem: 'no-process', processCount: 0 },
  );
}

function malformedBpmn(reason: string, problems: string[]): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', `Malformed BPMN XML: ${reason}`, {
    problems: problems.slice(0, 20),
  });
}
