import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/** One answered HTTP request, by route template (never the raw path: ids would explode label sets). */
export interface HttpAnswer {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

export interface HttpEventMap {
  answered: [HttpAnswer];
}

/** What the HTTP layer reports; metrics subscribe. */
@Injectable()
export class HttpEvents extends EventEmitter<HttpEventMap> {}
