import { HttpException, HttpStatus } from '@nestjs/common';

export type ApiErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'target_not_allowed'
  | 'unprocessable'
  | 'engine_rejected'
  | 'upstream_failed'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'internal';

/** The one error body of the API. */
export interface ApiErrorBody {
  code: ApiErrorCode | string;
  message: string;
  details: unknown;
}

/** An error the API answers with on purpose: its code, message and details reach the client as they are. */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super({ code, message, details }, status);
  }

  static notFound(what: string, details: unknown = null): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'not_found', `${what} not found`, details);
  }
}
