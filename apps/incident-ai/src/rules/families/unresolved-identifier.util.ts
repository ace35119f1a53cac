import type { CamundaVariableType } from '@flowpilot/shared';
import { BpmnSite, isExtensionLocation } from '../../model/bpmn-model';
import type { RuleContext } from '../rule';
import { Located, locate, preferActivity, sitesContaining } from '../rule-kit.util';

/**
 * Camunda says the same thing for a missing variable and a missing bean:
 * `Unknown property used in expression: ${x.y()}. Cause: Cannot resolve identifier 'x'`.
 * This reads the message once; the two rules then decide which it is.
 */
export interface UnresolvedIdentifier {
  found: Located;
  identifier: string;
  /** The expression as the engine quoted it, when it did. */
  expression: string | null;
  /** Model sites that hold the expression (or the identifier inside an expression). */
  sites: BpmnSite[];
  /** The identifier is the target of a delegate expression (`camunda:`/`operaton:`) or of a method call. */
  usedAsBean: boolean;
  /** The identifier's name reads like a Spring/CDI bean (paymentService, mailDelegate, …). */
  beanLikeName: boolean;
}

const UNKNOWN_PROPERTY =
  /Unknown property used in expression: ([#$]\{[\s\S]*?\})\. Cause: Cannot resolve identifier '([A-Za-z_$][\w$]*)'/;
const CANNOT_RESOLVE = /(?:PropertyNotFoundException: )?Cannot resolve identifier '([A-Za-z_$][\w$]*)'/;
const BEAN_SUFFIX =
  /(Service|Bean|Delegate|Client|Handler|Adapter|Repository|Connector|Mapper|Listener|Gateway|Api|Facade|Manager|Provider|Executor|Worker)$/i;

export function readUnresolvedIdentifier(context: RuleContext): UnresolvedIdentifier | null {
  const full = locate(context, UNKNOWN_PROPERTY);
  const found = full ?? locate(context, CANNOT_RESOLVE);
  if (!found) return null;
  const identifier = full ? full.match[2] : found.match[1];
  const expression = full ? full.match[1] : null;
  const sites = expression ? sitesContaining(context, expression) : [];
  const idSites = sites.length > 0 ? sites : expressionSitesUsing(context, identifier);
  const delegate = idSites.some((s) => isExtensionLocation(s.location, 'delegateExpression'));
  const methodCall = new RegExp(`(?<![\\w.$])${escape(identifier)}\\s*\\.\\s*[A-Za-z_$][\\w$]*\\s*\\(`);
  const usedAsBean = delegate || methodCall.test(expression ?? idSites.map((s) => s.value).join('\n'));
  return {
    found,
    identifier,
    expression,
    sites: idSites,
    usedAsBean,
    beanLikeName: BEAN_SUFFIX.test(identifier),
  };
}

/** A bean is a delegate expression's target, or a method-call target whose name reads like a bean. */
export function isBean(unresolved: UnresolvedIdentifier): boolean {
  if (unresolved.sites.some((s) => isExtensionLocation(s.location, 'delegateExpression'))) return true;
  return unresolved.beanLikeName && (unresolved.usedAsBean || unresolved.sites.length === 0);
}

/** The Camunda type a missing variable most likely has, from how the expression uses it. */
export function inferVariableType(
  identifier: string,
  expression: string | null,
  site: BpmnSite | null,
): CamundaVariableType {
  const text = expression ?? site?.value ?? '';
  const id = escape(identifier);
  const literal = `(true|false|-?\\d+\\.\\d+|-?\\d+|'[^']*'|"[^"]*")`;
  const operator = `(?:==|!=|>=|<=|>|<|\\beq\\b|\\bne\\b|\\bgt\\b|\\blt\\b|\\bge\\b|\\ble\\b)`;
  const compared =
    new RegExp(`(?<![\\w.$])${id}\\s*${operator}\\s*${literal}`).exec(text) ??
    new RegExp(`${literal}\\s*${operator}\\s*${id}(?![\\w$])`).exec(text);
  if (compared) return literalType(compared[1]);
  if (new RegExp(`(?<![\\w.$])${id}\\s*\\.\\s*[A-Za-z_$]`).test(text)) return 'Json';
  const bare = new RegExp(`^[#$]\\{\\s*!?\\s*${id}\\s*\\}$`).test(text.trim());
  const logical = new RegExp(
    `(!|\\bnot\\s+)${id}(?![\\w$])|(?<![\\w.$])${id}\\s*(&&|\\|\\||\\band\\b|\\bor\\b)|(&&|\\|\\||\\band\\b|\\bor\\b)\\s*${id}(?![\\w$])`,
  ).test(text);
  if (logical || (bare && site?.location === 'conditionExpression')) return 'Boolean';
  if (new RegExp(`[-+*/%]\\s*${id}(?![\\w$])|(?<![\\w.$])${id}\\s*[-+*/%]`).test(text)) return 'Double';
  return 'String';
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function literalType(literal: string): CamundaVariableType {
  if (literal === 'true' || literal === 'false') return 'Boolean';
  if (/^-?\d+\.\d+$/.test(literal)) return 'Double';
  if (/^-?\d+$/.test(literal)) return 'Long';
  return 'String';
}

function expressionSitesUsing(context: RuleContext, identifier: string): BpmnSite[] {
  const word = new RegExp(`[#$]\\{[^}]*(?<![\\w.$'"])${escape(identifier)}(?![\\w$'"])[^}]*\\}`);
  return preferActivity(context, context.model?.sites().filter((s) => word.test(s.value)) ?? []);
}
