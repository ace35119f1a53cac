import { CamundaTypedValue, CamundaVariables } from './external-task.types';

/**
 * Conversion between Camunda's typed variables and plain values. Outgoing
 * values are typed by their JS shape (int32 → Integer, other integers → Long,
 * fractions → Double, Date → Date, objects → Json) unless wrapped in
 * `typed(...)` to force a type.
 */

export type VariableType = 'String' | 'Integer' | 'Long' | 'Double' | 'Boolean' | 'Json' | 'Date' | 'Null';

export type PlainValue =
  string | number | boolean | Date | null | PlainValue[] | { [key: string]: PlainValue };

export class TypedVariable {
  constructor(
    readonly type: VariableType,
    readonly value: PlainValue,
  ) {}
}

export function typed(type: VariableType, value: PlainValue): TypedVariable {
  return new TypedVariable(type, value);
}

export type OutputVariables = Record<string, PlainValue | TypedVariable | undefined>;

const INT32_MAX = 2_147_483_647;
const INT32_MIN = -2_147_483_648;

export function encodeVariables(variables: OutputVariables): CamundaVariables {
  const out: CamundaVariables = {};
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) continue;
    out[name] =
      value instanceof TypedVariable
        ? encodeAs(value.type, value.value, name)
        : encodeAs(inferType(value), value, name);
  }
  return out;
}

function inferType(value: PlainValue): VariableType {
  if (value === null) return 'Null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'Double';
    return value >= INT32_MIN && value <= INT32_MAX ? 'Integer' : 'Long';
  }
  if (value instanceof Date) return 'Date';
  return 'Json';
}

function encodeAs(type: VariableType, value: PlainValue, name: string): CamundaTypedValue {
  switch (type) {
    case 'Null':
      return { type, value: null };
    case 'String':
      return { type, value: value === null ? null : String(value) };
    case 'Boolean':
      if (typeof value !== 'boolean') throw new TypeError(`variable ${name}: Boolean expects true or false`);
      return { type, value };
    case 'Integer':
    case 'Long':
    case 'Double':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new TypeError(`variable ${name}: ${type} expects a finite number`);
      if (type !== 'Double' && !Number.isSafeInteger(value))
        throw new TypeError(`variable ${name}: ${type} expects an integer`);
      if (type === 'Integer' && (value < INT32_MIN || value > INT32_MAX))
        throw new TypeError(`variable ${name}: out of Integer range`);
      return { type, value };
    case 'Date': {
      const date = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(date.getTime())) throw new TypeError(`variable ${name}: Date expects a valid date`);
      return { type, value: formatCamundaDate(date) };
    }
    case 'Json':
      return { type, value: JSON.stringify(value) };
  }
}

/** Camunda's default date format is `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (offset without a colon). */
export function formatCamundaDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

export function parseCamundaDate(text: string): Date {
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(normalized);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a Camunda date: ${text}`);
  return date;
}

/** Incoming variables, decoded to plain values with their Camunda type kept for guards. */
export class TaskVariables {
  constructor(private readonly raw: CamundaVariables = {}) {}

  names(): string[] {
    return Object.keys(this.raw);
  }

  typeOf(name: string): string | undefined {
    return this.raw[name]?.type;
  }

  get(name: string): PlainValue | undefined {
    const variable = this.raw[name];
    if (!variable) return undefined;
    return decodeValue(variable);
  }

  /** Every variable as a plain object, for validation against a handler's input schema. */
  toObject(): Record<string, PlainValue> {
    const out: Record<string, PlainValue> = {};
    for (const name of this.names()) out[name] = this.get(name) ?? null;
    return out;
  }
}

function decodeValue(variable: CamundaTypedValue): PlainValue {
  const { type, value } = variable;
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'Date':
      return parseCamundaDate(String(value));
    case 'Json':
      return typeof value === 'string' ? (JSON.parse(value) as PlainValue) : (value as PlainValue);
    case 'Object':
      // Serialized Java objects are opaque here; JSON-serialized ones are readable.
      if (variable.valueInfo?.serializationDataFormat === 'application/json' && typeof value === 'string')
        return JSON.parse(value) as PlainValue;
      return typeof value === 'string' ? value : null;
    case 'Integer':
    case 'Long':
    case 'Short':
    case 'Double':
      return Number(value);
    default:
      return value as PlainValue;
  }
}
