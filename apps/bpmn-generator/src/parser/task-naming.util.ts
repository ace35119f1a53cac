import { sliceWhole } from '@flowpilot/shared';
import { FormField } from '../graph/process-graph';

/** What one clause of a description becomes: a user task (people) or an external service task (systems). */
export interface TaskSpec {
  kind: 'userTask' | 'serviceTask';
  name: string;
  topic: string;
  candidateGroups: string[];
  formFields: FormField[];
}

const CONNECTORS =
  /^(?:and then|and|then|next|after that|afterwards|after this|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly|subsequently|also|now|once (?:that|this) is done|once done|when done|so|to start(?: with)?|begin by|start by)\b[,:]?\s*/i;
const MODALS = '(?:will |should |must |can |may |has to |have to |needs to |need to |is to |shall |then )?';

/** People named in descriptions → candidate groups. */
const ROLES: [RegExp, string][] = [
  [/\b(?:team ?leads?|team leaders?)\b/i, 'team-leads'],
  [/\bcustomer service\b/i, 'customer-service'],
  [/\b(?:line )?managers?\b/i, 'managers'],
  [/\bdirectors?\b/i, 'directors'],
  [/\b(?:ceo|cfo|cto|coo|executives?|board)\b/i, 'executives'],
  [/\bfinance\b|\bfinancial controllers?\b|\bcontrollers?\b/i, 'finance'],
  [/\baccounting\b|\baccountants?\b/i, 'accounting'],
  [/\blegal\b|\blawyers?\b/i, 'legal'],
  [/\bcompliance\b/i, 'compliance'],
  [/\b(?:hr|human resources|recruiters?)\b/i, 'hr'],
  [/\bsales\b/i, 'sales'],
  [/\bsupport\b|\bhelp ?desk\b/i, 'support'],
  [/\bsupervisors?\b/i, 'supervisors'],
  [/\bwarehouse\b|\bpackers?\b/i, 'warehouse'],
  [/\boperations\b|\bops\b|\boperators?\b/i, 'operations'],
  [/\badmins?\b|\badministrators?\b/i, 'admins'],
  [/\bauditors?\b/i, 'auditors'],
  [/\banalysts?\b/i, 'analysts'],
  [/\beditors?\b/i, 'editors'],
  [/\bclerks?\b/i, 'clerks'],
  [/\bagents?\b/i, 'agents'],
  [/\bsecurity\b/i, 'security'],
  [/\bprocurement\b|\bpurchasing\b|\bbuyers?\b/i, 'procurement'],
  [/\bengineers?\b|\bdevelopers?\b/i, 'engineering'],
  [/\bdoctors?\b|\bphysicians?\b|\bnurses?\b/i, 'clinicians'],
  [/\bunderwriters?\b/i, 'underwriters'],
  [/\b(?:department )?heads?(?: of \w+)?\b/i, 'department-heads'],
  [/\b(?:incident )?commanders?\b/i, 'incident-commanders'],
  [/\bofficers?\b/i, 'officers'],
  [/\b(?:process |product |business )?owners?\b/i, 'owners'],
  [/\breviewers?\b/i, 'reviewers'],
  [/\bapprovers?\b/i, 'approvers'],
];
const HUMAN_VERB =
  /^(approve|review|sign|inspect|decide|interview|authori[sz]e|negotiate|call (?:the )?(?:customer|client|applicant|candidate|patient|caller|supplier|vendor)s?|phone|meet|discuss|investigate|assess|evaluate|examine|fill|enter|pick|pack|sign off|countersign|double-check|proofread|judge|triage|vet|audit)\b/i;
const DECIDING_VERB =
  /^(approve|review|sign|inspect|decide|authori[sz]e|assess|evaluate|examine|sign off|countersign|double-check|vet|judge|audit|triage)\b/i;
const REQUESTER = /^(?:an?\s+|the\s+)?(?:customer|user|employee|applicant|client)s?$/i;
const AUTOMATIC = /\b(automatic(?:ally)?|auto-\w+|by the system|system-generated)\b/i;
const MANUAL = /\b(manual(?:ly)?|by hand|in person|by phone|approval|sign-?off)\b/i;

const IRREGULAR: Record<string, string> = {
  sent: 'send',
  paid: 'pay',
  built: 'build',
  made: 'make',
  done: 'do',
  written: 'write',
  given: 'give',
  taken: 'take',
  chosen: 'choose',
  driven: 'drive',
  seen: 'see',
  brought: 'bring',
  thought: 'think',
  sought: 'seek',
  caught: 'catch',
  taught: 'teach',
  left: 'leave',
  met: 'meet',
  put: 'put',
  read: 'read',
  spent: 'spend',
  lent: 'lend',
  won: 'win',
  drawn: 'draw',
  shown: 'show',
  known: 'know',
  begun: 'begin',
  undertaken: 'undertake',
  overtaken: 'overtake',
  forgotten: 'forget',
  bought: 'buy',
  sold: 'sell',
  held: 'hold',
  kept: 'keep',
  told: 'tell',
  found: 'find',
  got: 'get',
  run: 'run',
  set: 'set',
  shipped: 'ship',
  stopped: 'stop',
  planned: 'plan',
  submitted: 'submit',
  transferred: 'transfer',
  cancelled: 'cancel',
  canceled: 'cancel',
  notified: 'notify',
  verified: 'verify',
  copied: 'copy',
  applied: 'apply',
  queued: 'queue',
};

/** The root of an irregular past form ("taken" → "take", "sent" → "send"), or null. */
export function irregularRoot(word: string): string | null {
  return IRREGULAR[word.toLowerCase()] ?? null;
}

/** `validates` → `validate`, `approved` → `approve`, `sends` → `send`. */
export function baseVerb(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (/ies$/.test(w)) return w.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x|z|o)es$/.test(w)) return w.slice(0, -2);
  if (/ied$/.test(w)) return w.slice(0, -3) + 'y';
  if (/(at|iz|is|as|ov|ur|iv|ag|ug|uc|ar|ir|rg|ng|ac|id|ud|ap|or|os|us|ic|rs|ps|rv)ed$/.test(w))
    return w.slice(0, -1);
  // determined, examined, combined (but not joined, obtained): the e comes back.
  if (/[^aeiou]ined$/.test(w)) return w.slice(0, -1);
  // speed, proceed, exceed: the -ed is the stem's own.
  if (/eed$/.test(w)) return w;
  if (/ed$/.test(w)) return w.slice(0, -2);
  if (/[^s]s$/.test(w) && w.length > 3) return w.slice(0, -1);
  return w;
}

export function roleGroup(text: string): string | null {
  for (const [pattern, group] of ROLES) if (pattern.test(text)) return group;
  const team = /\b(?:the )?([a-z]+(?: [a-z]+)?) (?:team|department|desk|office)\b/i.exec(text);
  return team ? kebab(team[1]) : null;
}

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** An external-task topic from a task name: `Validate payment` → `validate-payment`. */
export function topicFor(name: string): string {
  const words = kebab(name).split('-').filter(Boolean).slice(0, 4);
  const topic = words.join('-');
  return /^[a-z]/.test(topic) ? topic.slice(0, 100) : `task-${topic}`.replace(/-$/, '');
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}

/** Shortens at a word boundary; task names stay readable in the diagram. */
function shorten(text: string, max = 60): string {
  if (text.length <= max) return text;
  const cut = sliceWhole(text, max);
  const space = cut.lastIndexOf(' ');
  return (space > 20 ? cut.slice(0, space) : cut).replace(/[,;:\-\s]+$/, '');
}

/** Strips connectors, subjects and modal verbs; turns third person and passive voice into an imperative. */
export function imperative(clause: string): { phrase: string; actor: string | null } {
  let text = clause
    .trim()
    .replace(/[.;:!?]+$/, '')
    .replace(/\s+/g, ' ');
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(CONNECTORS, '');
  }
  let actor: string | null = null;
  const passive = new RegExp(
    `^(.+?)\\s+(?:is|are|gets|get|will be|should be|must be|has to be|needs to be|is then|are then)\\s+([\\w-]+ed|\\w+en|sent|paid|built|made|done|held|kept|sold|bought|told|found|set|run)\\b(.*?)(?:\\s+by\\s+(.+))?$`,
    'i',
  ).exec(text);
  if (passive) {
    actor = passive[4] ?? null;
    const object = /^(?:it|this|that|they|these|those)$/i.test(passive[1]) ? '' : ` ${passive[1]}`;
    text = `${baseVerb(passive[2])}${object}${passive[3]}`;
  } else {
    const explicit = new RegExp(
      `^(?:the |a |an )?(system|we|it|they|you|someone|somebody|the process|process|application|app|service|platform|customer|user|employee|applicant|client)\\s+${MODALS}`,
      'i',
    ).exec(text);
    const subject = [/^(?:the |a |an )?([a-z]+)\s+/i, /^(?:the |a |an )?([a-z]+ [a-z]+)\s+/i]
      .map((p) =>
        new RegExp(
          `${p.source}(?:(?:will|should|must|can|may|has to|have to|needs to|need to|is to|shall|then)\\s+)?([a-z]+)\\b`,
          'i',
        ).exec(text),
      )
      .find(
        (m) =>
          m !== null &&
          roleGroup(m[1]) !== null &&
          !/^(the|a|an|to|of|and|or|team|department|desk|office|group)$/i.test(m[2]),
      );
    if (explicit) {
      actor = /system|process|application|app|service|platform|we|it|they/i.test(explicit[1])
        ? null
        : explicit[1];
      text = text.slice(explicit[0].length);
    } else if (subject) {
      actor = subject[1];
      text = text.slice(subject[0].length - subject[2].length);
    }
    text = text.replace(/^([a-z]+)\b/i, (verb) =>
      /(s|ed)$/i.test(verb) && !/ss$/i.test(verb) ? baseVerb(verb) : verb,
    );
  }
  text = text
    .replace(/\b(the|a|an)\s+/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { phrase: text, actor };
}

/** A task for an action the tagger read (clause-analysis): its label, and a user task when a person or team does it. */
export function taskFromAction(
  action: { label: string; actor: string | null; byPerson: boolean },
  clause: string,
): TaskSpec {
  const name = capitalise(shorten(action.label)) || 'Task';
  // The requester's own steps (a customer's order, an employee's request) reach the process through a
  // portal or an API, as the rules have always read them: not tasks for the process's staff.
  if (action.actor && REQUESTER.test(action.actor) && !MANUAL.test(clause))
    return { kind: 'serviceTask', name, topic: topicFor(name), candidateGroups: [], formFields: [] };
  const group =
    roleGroup(action.actor ?? '') ?? (action.byPerson && action.actor ? actorGroup(action.actor) : null);
  const human =
    !AUTOMATIC.test(clause) && (action.byPerson || HUMAN_VERB.test(action.label) || MANUAL.test(clause));
  if (!human)
    return { kind: 'serviceTask', name, topic: topicFor(name), candidateGroups: [], formFields: [] };
  const deciding = DECIDING_VERB.test(action.label) || / or /.test(action.label);
  return {
    kind: 'userTask',
    name,
    topic: topicFor(name),
    candidateGroups: [group ?? (deciding ? 'approvers' : 'operators')],
    formFields: [
      ...(deciding ? [{ id: 'approved', label: 'Approved?', type: 'boolean' as const }] : []),
      { id: 'comment', label: 'Comment', type: 'string' },
    ],
  };
}

/** "member of the audit department" → `audit-department`; "steward" → `stewards`. */
function actorGroup(actor: string): string | null {
  const team = /([a-z]+(?: [a-z]+)?) (?:department|team|office|desk|unit|section|ward)\b/i.exec(actor);
  const words = (team ? team[0] : actor.replace(/^.* of /i, '')).toLowerCase().split(/\s+/).slice(-2);
  const group = kebab(words.join(' '));
  if (group.length === 0) return null;
  return team || /s$/.test(group) ? group.slice(0, 64) : `${group}s`.slice(0, 64);
}

/** Names a clause and decides who does it. */
export function taskFromClause(clause: string): TaskSpec {
  const { phrase, actor } = imperative(clause);
  const name = capitalise(shorten(phrase.length > 0 ? phrase : clause.trim())) || 'Task';
  const group = roleGroup(actor ?? '') ?? roleGroup(clause);
  const human =
    !AUTOMATIC.test(clause) &&
    (HUMAN_VERB.test(phrase) || MANUAL.test(clause) || (actor !== null && group !== null));
  if (!human)
    return { kind: 'serviceTask', name, topic: topicFor(name), candidateGroups: [], formFields: [] };
  const deciding = DECIDING_VERB.test(phrase) || /\bapproval|sign-?off\b/i.test(clause);
  const defaultGroup = /^review|^inspect|^examine|^assess|^evaluate/i.test(phrase)
    ? 'reviewers'
    : deciding
      ? 'approvers'
      : 'operators';
  const formFields: FormField[] = [
    ...(deciding ? [{ id: 'approved', label: 'Approved?', type: 'boolean' as const }] : []),
    { id: 'comment', label: 'Comment', type: 'string' },
  ];
  return {
    kind: 'userTask',
    name,
    topic: topicFor(name),
    candidateGroups: [group ?? defaultGroup],
    formFields,
  };
}
