import { Variables } from '../../apps/bpmn-generator/src/deploy/camunda-deployment.api';
import { JUEL_KEYWORDS as JUEL_WORDS } from '@flowpilot/shared';

/**
 * Values for the variables a model's conditions read, so that starting an
 * instance does not fail on a gateway reached before any task sets them:
 * compared with a number → 0, with a string → '', otherwise → false.
 */
export function startVariables(xml: string): Variables {
  const variables: Variables = {};
  for (const [, body] of xml.matchAll(/<bpmn:conditionExpression[^>]*>([^<]*)</g)) {
    const expression = body
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'");
    const inner = expression.replace(/^\$\{|\}$/g, '');
    for (const [, name] of inner.replace(/'[^']*'|"[^"]*"/g, "''").matchAll(/\b([A-Za-z_]\w*)\b/g)) {
      if (JUEL_WORDS.has(name) || name in variables) continue;
      const compared = new RegExp(
        `\\b${name}\\s*(?:[<>]=?|[!=]=)\\s*(['"\\d-])|(['"\\d])\\s*(?:[<>]=?|[!=]=)\\s*${name}\\b`,
      ).exec(inner);
      const kind = compared?.[1] ?? compared?.[2];
      variables[name] =
        kind === undefined
          ? { value: false, type: 'Boolean' }
          : /['"]/.test(kind)
            ? { value: '', type: 'String' }
            : { value: 0, type: 'Double' };
    }
  }
  return variables;
}
