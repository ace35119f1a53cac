import { ENGINE_VENDOR_PACKAGE } from '../model/engine-flavour.util';

/**
 * Frames of the JVM, the engine (Camunda 7, Operaton or CIB seven) and common frameworks:
 * the first frame that is not one of these is the user's code.
 */
const FRAMEWORK = new RegExp(
  `^(java|javax|jakarta|jdk|sun|com\\.sun|${ENGINE_VENDOR_PACKAGE}|org\\.springframework|org\\.apache|org\\.hibernate|com\\.fasterxml|org\\.glassfish|io\\.netty|reactor|kotlin|groovy|org\\.codehaus|node:|internal\\/)`,
);

export function firstApplicationFrame(stackTrace: string | null): string | null {
  if (!stackTrace) return null;
  for (const line of stackTrace.split('\n')) {
    const java = /^\s*at ([\w$.]+)\(([^)]*)\)/.exec(line);
    if (java && !FRAMEWORK.test(java[1])) return `${java[1]}(${java[2]})`;
    const node = /^\s*at (?:([\w$.<>]+) )?\(?([^()\s]+:\d+:\d+)\)?/.exec(line);
    if (node && !java && !FRAMEWORK.test(node[2]) && !node[2].includes('node_modules'))
      return node[1] ? `${node[1]} (${node[2]})` : node[2];
  }
  return null;
}
