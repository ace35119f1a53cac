import { findCycle, findDuration } from '../parser/duration.util';
import { ParsedDescription } from '../parser/step-ast';

export type TemplateValue = string | number | boolean;
export type TemplateParameters = Record<string, { description: string; default: TemplateValue }>;

/** One template of the catalogue: what the gateway lists, and its steps for a configuration. */
export interface Template {
  title: string;
  description: string;
  parameters: TemplateParameters;
  steps(p: ResolvedParameters): ParsedDescription;
}

/** Configuration values with the template's defaults filled in. */
export class ResolvedParameters {
  constructor(private readonly values: Record<string, TemplateValue>) {}
  text(name: string): string {
    return String(this.values[name]).trim().slice(0, 120);
  }
  count(name: string, min: number, max: number): number {
    const n = Number(this.values[name]);
    return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : min;
  }
  duration(name: string, fallback: string): string {
    return findDuration(this.text(name)) ?? fallback;
  }
  cycle(name: string, fallback: string): string {
    const text = this.text(name);
    return findCycle(/^every\b/i.test(text) ? text : `every ${text}`) ?? fallback;
  }
}
