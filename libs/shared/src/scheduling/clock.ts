import { Injectable } from '@nestjs/common';

/** The time now, injected where a stored or published timestamp is asserted: specs give a fixed one. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
