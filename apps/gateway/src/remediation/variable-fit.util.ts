import type { CamundaVariableType } from '@flowpilot/shared';

export type VariableValue = string | number | boolean | null;

const INT_RANGE: Partial<Record<CamundaVariableType, [number, number]>> = {
  Short: [-32_768, 32_767],
  Integer: [-2_147_483_648, 2_147_483_647],
  Long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Camunda's REST date format (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`); anything else the engine refuses. */
const CAMUNDA_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;

/**
 * Why a value cannot be stored as the given Camunda type, or null when it fits.
 * Checked before any call so a bad value is the caller's 400, never an engine
 * refusal after other variables were already written. Null fits every type
 * (Camunda stores a typed null).
 */
export function variableFitProblem(value: VariableValue, type: CamundaVariableType): string | null {
  if (value === null) return null;
  switch (type) {
    case 'Null':
      return 'a Null variable takes only the value null';
    case 'String':
      return typeof value === 'string' ? null : 'a String variable needs a string value';
    case 'Boolean':
      return typeof value === 'boolean' ? null : 'a Boolean variable needs true or false';
    case 'Double':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : 'a Double variable needs a finite number';
    case 'Date':
      return typeof value === 'string' &&
        CAMUNDA_DATE.test(value) &&
        !Number.isNaN(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))
        ? null
        : 'a Date variable needs a string like 2026-01-31T12:00:00.000+0000';
    case 'Json':
      return typeof value === 'string' && isJson(value)
        ? null
        : 'a Json variable needs a string holding JSON';
    default: {
      const [min, max] = INT_RANGE[type] ?? [0, 0];
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? null
        : `a ${type} variable needs a whole number from ${min} to ${max}`;
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
