import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { IncidentFamily } from '@flowpilot/shared';

export interface IncidentAnalysisEventMap {
  analyzed: [
    {
      incidentId: string;
      nodeId: string | null;
      family: IncidentFamily;
      confidence: number;
      source: 'rules' | 'llm';
      patternCount: number;
      durationMs: number;
    },
  ];
}

/** Lifecycle of incident analyses; metrics and logs subscribe. */
@Injectable()
export class IncidentAnalysisEvents extends EventEmitter<IncidentAnalysisEventMap> {}
