import { defaultWebAppsUrl } from '@flowpilot/shared';
import { flavourOf } from './engine-flavour.util';

describe('flavourOf', () => {
  // Product names as the engines report them in /telemetry/data: Camunda 7.24.0 and Operaton 1.0.3 answered
  // these on the stack; "CIB seven" is PRODUCT_NAME in cibseven-engine 2.0.0's ProcessEngineConfigurationImpl.
  it.each([
    ['7.24.0', 'Camunda BPM Runtime', 'camunda7'],
    ['1.0.3', 'Operaton BPM Runtime', 'operaton'],
    ['2.0.0', 'CIB seven', 'cibseven'],
    ['2.2.0', 'CIB seven', 'cibseven'],
    ['1.1.0', 'CIB seven', 'cibseven'],
  ] as const)('reads %s with product "%s" as %s', (version, product, flavour) => {
    expect(flavourOf(version, product)).toBe(flavour);
  });

  it.each([
    ['7.24.0', 'camunda7'],
    ['7.17.0-ee', 'camunda7'],
    ['2.1.0', 'cibseven'],
    // Operaton 1.x and CIB seven 1.x share the major: without a product name it stays unknown.
    ['1.0.3', 'unknown'],
    ['', 'unknown'],
  ] as const)('falls back to the version %s without a product name: %s', (version, flavour) => {
    expect(flavourOf(version, null)).toBe(flavour);
  });
});

describe('defaultWebAppsUrl', () => {
  it.each([
    ['camunda7', 'http://n1:8080/engine-rest', 'http://n1:8080/camunda'],
    ['operaton', 'http://n2:8090/engine-rest/', 'http://n2:8090/operaton'],
    ['cibseven', 'https://seven.example/engine-rest', 'https://seven.example/webapp'],
    ['unknown', 'https://proxy.example/bpm/engine-rest', 'https://proxy.example/bpm/camunda'],
  ] as const)('puts %s web apps beside %s', (flavour, rest, expected) => {
    expect(defaultWebAppsUrl(rest, flavour)).toBe(expected);
  });
});
