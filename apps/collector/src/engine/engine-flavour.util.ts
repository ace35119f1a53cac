import type { EngineFlavour } from '@flowpilot/shared';

/**
 * The product names engines report in `/telemetry/data` (`product.name`): "Camunda BPM Runtime" (7.x),
 * "Operaton BPM Runtime" (1.x), "CIB seven" (its ProcessEngineConfigurationImpl.PRODUCT_NAME).
 */
const PRODUCTS: ReadonlyArray<[RegExp, EngineFlavour]> = [
  [/operaton/i, 'operaton'],
  [/cib\s*seven|cibseven/i, 'cibseven'],
  [/camunda/i, 'camunda7'],
];

/**
 * A node's flavour from what it says about itself. The product name decides when there is one; without it
 * (telemetry disabled or refused) the version's major decides where it is unambiguous: Camunda 7 is 7.x,
 * Operaton started at 1.0 and CIB seven at 1.0 too, so a 1.x without a product name stays unknown, and
 * 2.x is CIB seven (Operaton has no 2.x line).
 */
export function flavourOf(version: string, productName: string | null): EngineFlavour {
  if (productName) {
    const found = PRODUCTS.find(([name]) => name.test(productName));
    if (found) return found[1];
  }
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  if (major === 7) return 'camunda7';
  if (major === 2) return 'cibseven';
  return 'unknown';
}
