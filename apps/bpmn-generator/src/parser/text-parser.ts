import { camelCase, ParsedCondition, parseCondition } from './condition.util';
import { DURATION_PATTERN, findCycle, findDuration, parseAmount } from './duration.util';
import { ParsedDescription, StartTrigger, Step } from './step-ast';
import {
  analyseClause,
  infinitiveOf,
  isFlowItself,
  ReadingContext,
  remember,
  statesAnEvent,
} from './clause-analysis';
import { VERBS } from './work-verbs';
import { roleGroup, taskFromAction, taskFromClause } from './task-naming.util';

const VERB_START = new RegExp(`^(?:${VERBS})(?:s|es|ed)?\\b`, 'i');
const DURATION = DURATION_PATTERN;
const CLAUSE_SPLIT = new RegExp(
  `\\s*,(?!\\d{3}\\b)\\s*(?:and\\s+)?(?:then\\s+)?|\\s+(?:and\\s+)?then\\s+|\\s+and\\s+(?=(?:also\\s+)?(?:wait|go|escalate|end|stop|retry|start|return|finally|${VERBS})\\b)`,
  'i',
);

const OTHERWISE =
  /^(?:otherwise|else|or else|if not|in all other cases|in any other case|in every other case|failing that)\b[,:]?\s*/i;
const PARALLEL_LEAD =
  /^(?:at the same time|in parallel|simultaneously|concurrently|meanwhile|in the meantime|meantime|in any order|(?:do|perform|run) (?:the following |these |them )?(?:in parallel|at the same time|in any order))\b[,:]?\s*/i;
const PARALLEL_TAIL =
  /^(.+?),?\s+(?:in parallel|at the same time|simultaneously|concurrently|in any order)$/i;
/** "…, and meanwhile the clerk …": the clause after the connective runs beside the clause before it. */
const PARALLEL_MID =
  /^(.+?)(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:meanwhile|in the meantime|meantime|at the same time|simultaneously|concurrently)\b,?\s+(.+)$/i;
/** "Two concurrent activities follow, namely …": a lead that announces parallel work, then the work itself. */
const PARALLEL_ANNOUNCED =
  /^([^:]*?\b(?:concurrent(?:ly)?|parallel|simultaneous(?:ly)?|at the same time)\b[^:]*?)(?:\s*:|,?\s+(?:i\.e\.?|(?:namely|that is|as follows)\b)[,:]?)\s*(.+)$/i;
const GOTO =
  /\b(?:go(?:es)? back to|return(?:s)? to|loop(?:s)? back to|start(?:s)? (?:again|over)|restart(?:s)?(?: the process)?|repeat(?:s)? (?:from|the process)|back to the (?:start|beginning)|sen[dt] (?:it |them )?back to)\b\s*(.*)$/i;
const FAILURE =
  /^(?:(?:it|this|that|the (.+?)|(.+?)) (?:still )?(?:fails?|errors?(?: out)?|breaks|goes wrong|is unavailable|cannot be reached|times out)|(?:an |any )?(?:error|failure|exception) (?:occurs|happens)|something goes wrong)$/i;
const SAGA =
  /\b(saga|compensat\w*|roll(?:s|ed)? ?back|undo (?:the |all )?(?:previous|completed|earlier|prior|finished) (?:steps|actions|work))\b/i;
const RETRY = new RegExp(
  `\\b(?:retry|retrying|retried|retries|try again|trying again|re-?attempt\\w*|attempt)\\b[^.]*?\\b(?:up to |at most |a maximum of )?(\\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:more )?(?:times|attempts|retries)\\b|\\b(\\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:retries|attempts)\\b`,
  'i',
);
const NOTHING =
  /^(?:do nothing|nothing(?: (?:happens|else))?|skip(?: it| this step)?|continue|carry on|proceed|no action(?: is needed)?)$/i;
const END =
  /^(?:(?:and |then )?(?:end|stop|finish|terminate)(?: the (?:process|workflow|flow))?(?: here)?|the (?:process|workflow) (?:ends|stops|is finished|is done|is complete)|(?:the |a |an )?[a-z][\w -]{0,40}? (?:ends|stops|finishes|terminates) the (?:process|workflow))$/i;

const ARRIVING = /^(?:receiving|getting|obtaining|hearing|being|having|waiting)$/i;
const LONE_DEADLINE = new RegExp(`^(?:within|in less than|in under)\\s+${DURATION_PATTERN}$`, 'i');
const TEMPORAL_LEAD = /^(?:after|once|as soon as|when|whenever|until|before)\b/i;

/** Decisions opened by a colon case ("urgent cases: …"), which the next colon case joins. */
const COLON_CHOICES = new WeakSet<Step>();

/** Steps told in a lead ("after rinsing the glasses, the barman …") whose doer is the main clause's. */
const DONE_BY_NEXT = new WeakSet<Step>();

interface Context {
  /** The variable a pronoun condition ("if it is …") refers to. */
  variable: string | null;
  unrecognised: string[];
  /** Objects and actors named so far, for "it" and "he". */
  reading: ReadingContext;
  /** Index in the top-level steps where the sentence before the current one began. */
  previousSentenceStart: number;
}

/**
 * The offline parser: reads a plain-English description sentence by sentence.
 * Anything it cannot place becomes a well-named task, so the worst outcome is
 * a plain sequence, never an invalid model.
 */
export function parseDescription(text: string, name?: string): ParsedDescription {
  const sentences = splitSentences(text);
  const context: Context = {
    variable: null,
    unrecognised: [],
    reading: { lastObject: null, lastActor: null },
    previousSentenceStart: 0,
  };
  let start: StartTrigger = { type: 'none' };
  const saga = SAGA.test(text);

  if (sentences.length > 0) {
    const detected = detectStart(sentences[0]);
    start = detected.start;
    if (detected.rest === null) sentences.shift();
    else sentences[0] = detected.rest;
  }
  const steps: Step[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i];
    if (saga && SAGA.test(sentence) && /\b(fail|error|wrong|problem)/i.test(sentence)) continue;
    const began = steps.length;
    const consumed = readSentence(sentence, steps, context, sentences[i + 1]);
    if (consumed === 2) i += 1;
    if (steps.length > began) context.previousSentenceStart = began;
  }
  return {
    name: name ?? defaultName(text),
    start,
    steps: withoutEarlyEnds(steps),
    saga,
    unrecognised: context.unrecognised,
  };
}

/**
 * "… then the process ends. The archive later receives the file …": a description that goes on after an
 * unconditional end told where one party's part ends, not the whole process; the steps after it are kept.
 */
function withoutEarlyEnds(steps: Step[]): Step[] {
  return steps.filter((s, i) => !(s.kind === 'end' && s.result === 'none' && i < steps.length - 1));
}

function defaultName(text: string): string {
  const first = text
    .trim()
    .split(/[.\n;]/)[0]
    .replace(/\s+/g, ' ')
    .trim();
  const short = first.length > 60 ? `${first.slice(0, 57).replace(/\s+\S*$/, '')}…` : first;
  return short.length > 0 ? short[0].toUpperCase() + short.slice(1) : 'Generated process';
}

export function splitSentences(text: string): string[] {
  // Control characters (other than line breaks and tabs) carry no meaning in a description.
  const printable = [...text].map((ch) => (ch < ' ' && ch !== '\n' && ch !== '\t' ? ' ' : ch)).join('');
  return (
    printable
      // One space for a run of them: spacing carries no meaning, and long runs make the readers below slow.
      .replace(/[ \t]+/g, ' ')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      // "etc." ends a sentence when a capital follows it, and is inside one otherwise ("etc. are filed").
      .replace(/\b(etc\.) (?=[A-Z])/g, '$1\n')
      // "i.e." and "e.g." end in a full stop but not a sentence.
      .split(/\n+|(?<=[.!?;])(?<!\b(?:i\.e|e\.g|etc|vs|approx|incl|resp|cf)\.)\s+/i)
      .map((s) =>
        s
          // List markers: "- ", "2.", "b)", "(iii)".
          .replace(/^\s*(?:[-*•]|\d+[.)]|\(?[a-h]\)|\(?[ivx]{1,4}\))\s+/i, '')
          .replace(/(?<=[\s,;:])\(?[ivx]{1,4}\)\s+/gi, '')
          .replace(/[.!?;]+\s*$/, '')
          // An aside in brackets explains; neither a step nor a condition comes from it.
          .replace(/\s*\([^()]*\)|\s*\[[^[\]]*\]/g, '')
          .trim(),
      )
      .filter((s) => s.length > 0)
      .flatMap((s) => s.split(/,?\s+(?=(?:otherwise|else)\b)/i))
  );
}

function detectStart(sentence: string): { start: StartTrigger; rest: string | null } {
  const cycle = findCycle(sentence);
  const timerLead = new RegExp(
    `^(?:(?:every|each) (?:${DURATION}|hour|day|night|morning|week|month|minute)|hourly|daily|nightly|weekly|monthly)\\b,?\\s*`,
    'i',
  ).exec(sentence);
  if (cycle && timerLead) {
    const rest = sentence
      .slice(timerLead[0].length)
      .replace(/^(?:we |the system )?/i, '')
      .trim();
    return { start: { type: 'timer', cycle }, rest: rest.length > 0 ? rest : null };
  }
  const message =
    /^(?:when(?:ever)?|once|as soon as|upon|on)\s+(?:receiving |receipt of )?(?:a |an |the )?(?:new )?(.+?)(?: message)?(?:\s+(?:is received|arrives|comes in|is placed|is submitted|is created|is published|event occurs))?\s*,\s*(.+)$/i.exec(
      sentence,
    );
  if (
    message &&
    /^(?:when(?:ever)?|once|as soon as|upon|on)\s/i.test(sentence) &&
    !/\bif\b/i.test(message[1])
  ) {
    const subject = message[1].replace(/\s+(?:is|are)\s+\w+$/i, '');
    const event =
      /(?:is|are) (\w+)\s*,/i.exec(sentence)?.[1] ??
      (/(arrives|comes in)/i.test(sentence) ? 'received' : 'received');
    return { start: { type: 'message', message: pascal(`${subject} ${event}`) }, rest: message[2] };
  }
  return { start: { type: 'none' }, rest: sentence };
}

function pascal(text: string): string {
  const camel = camelCase(text.replace(/'s\b/gi, ''));
  return camel[0].toUpperCase() + camel.slice(1);
}

/** Reads one sentence into `steps`; returns 2 when it also consumed the next sentence. */
function readSentence(sentence: string, steps: Step[], context: Context, next: string | undefined): 1 | 2 {
  const otherwise = OTHERWISE.exec(sentence);
  const last = steps[steps.length - 1];
  if (otherwise && last?.kind === 'decision' && last.otherwise === null) {
    last.otherwise = readClauses(sentence.slice(otherwise[0].length), context);
    return 1;
  }
  if (otherwise && last?.kind === 'task' && last.deadline && last.deadline.steps.length === 0) {
    last.deadline.steps = readClauses(sentence.slice(otherwise[0].length), context);
    return 1;
  }

  const announced = PARALLEL_ANNOUNCED.exec(sentence);
  if (announced) {
    const branches = actionList(announced[2], context.reading).map((item) => readClauses(item, context));
    if (branches.filter((b) => b.some((s) => s.kind === 'task')).length >= 2) {
      steps.push({ kind: 'parallel', branches });
      return 1;
    }
  }

  const special = readTimedOrRepeated(sentence, steps, context);
  if (special) return 1;

  const conditional =
    /^(?:if|(?:for|in) the case (?:that|of)|in the event (?:that|of)|in case(?: that| of)?|should|when|whenever|unless)\s+(.+)$/i.exec(
      sentence,
    );
  if (conditional && !/^when(?:ever)? (?:done|finished|complete)/i.test(sentence)) {
    const [conditionText, actionText] = splitCondition(conditional[1]);
    // "When the guest calls, the clerk takes the order": an event in time, not a condition to test.
    if (/^when(?:ever)?\s/i.test(sentence) && actionText && isEvent(conditionText)) {
      steps.push(...readClauses(actionText, context, steps));
      return 1;
    }
    if (/^unless\b/i.test(sentence)) return readDecision(`not ${conditionText}`, actionText, steps, context);
    return readConditional(conditionText, actionText, steps, context, next);
  }

  const forEach = /^for (?:each|every|all)\s+(.+?),\s*(.+)$/i.exec(sentence);
  if (forEach) {
    const element = camelCase(forEach[1].replace(/^(?:of the|the)\s+/i, '').replace(/s$/i, ''));
    const collection = `${element}s`;
    for (const step of readClauses(forEach[2], context)) {
      if (step.kind === 'task' && step.task.kind === 'serviceTask')
        step.multiInstance = { collection, elementVariable: element, sequential: false };
      steps.push(step);
    }
    return 1;
  }
  const parallel = PARALLEL_LEAD.exec(sentence) ?? null;
  if (parallel) {
    const rest = sentence.slice(parallel[0].length);
    const items = splitList(rest);
    // "At the same time, reserve the hotel, book the flight and rent a car": the listed steps run in parallel.
    if (items.length >= 2 && items.every((item) => startsWithVerb(item))) {
      steps.push({ kind: 'parallel', branches: items.map((item) => readClauses(item, context)) });
      return 1;
    }
    // "Meanwhile, the lab prepares the kit": this sentence runs beside the one before it.
    alongsidePrevious(readClauses(rest, context), steps, context);
    return 1;
  }
  const whileLead = /^while\s+(.+?),\s*(.+)$/i.exec(sentence);
  if (whileLead) {
    // "While the lab runs the tests, the nurse prepares the ward": both at once. "While that is going on, …":
    // beside the sentence before.
    const during = readClauses(whileLead[1], context);
    const main = readClauses(whileLead[2], context);
    if (during.some((d) => d.kind === 'task') && main.length > 0)
      steps.push({ kind: 'parallel', branches: [during, main] });
    else alongsidePrevious(main, steps, context);
    return 1;
  }
  const formerLatter = /^in the (former|latter|first|second|other) case\b,?\s*(.*)$/i.exec(sentence);
  const choice = lastChoice(steps);
  if (formerLatter && choice) {
    const branchSteps = readClauses(formerLatter[2], context);
    if (/former|first/i.test(formerLatter[1]) && choice.branches.length > 0)
      choice.branches[0].steps.push(...branchSteps);
    else (choice.otherwise ??= []).push(...branchSteps);
    return 1;
  }
  if (otherwise && last && last.kind !== 'decision') {
    // "Sometimes they ask for changes, otherwise the draft is approved": the step before was one case of a choice.
    const taken = steps.splice(context.previousSentenceStart);
    const name = taken.find((t) => t.kind === 'task');
    const variable = camelCase(name?.kind === 'task' ? name.task.name : 'first case');
    steps.push({
      kind: 'decision',
      question: `${name?.kind === 'task' ? name.task.name : 'First case'}?`.slice(0, 120),
      variable,
      branches: [{ condition: { expression: `\${${variable}}`, label: 'yes', variable }, steps: taken }],
      otherwise: readClauses(sentence.slice(otherwise[0].length), context),
    });
    return 1;
  }
  const alternatives = alternativeClauses(sentence, context);
  if (alternatives) {
    steps.push(alternatives);
    return 1;
  }
  const again = /\b(?:again|once more|anew)\b|\b(?:is|are) repeated\b/i.exec(sentence);
  if (again) {
    const repeated = readClauses(sentence.replace(/\b(?:again|once more|anew)\b/gi, ''), context, steps);
    // "correct the text and submit it again": what was done before is looped back to; a step not told
    // before ("correct the text") is done first, on the way back.
    const told = taskNames(steps);
    const fresh = repeated.filter((r) => r.kind === 'task' && !told.some((t) => sameWork(t, r.task.name)));
    const target =
      repeated.find((r) => r.kind === 'task' && !fresh.includes(r)) ??
      repeated.find((r) => r.kind === 'task');
    const earlier = steps.slice(0, steps.length).find((st) => st.kind === 'task');
    const name =
      target?.kind === 'task' ? target.task.name : earlier?.kind === 'task' ? earlier.task.name : null;
    if (name) {
      steps.push(...fresh);
      const variable = camelCase(`repeat ${name}`);
      steps.push({
        kind: 'decision',
        question: `Repeat ${name.toLowerCase()}?`.slice(0, 120),
        variable,
        branches: [
          {
            condition: { expression: `\${${variable}}`, label: 'yes', variable },
            steps: [
              {
                kind: 'goto',
                target: /\bis repeated\b/i.test(sentence) ? firstTaskName(steps, context) : name,
                label: 'again',
              },
            ],
          },
        ],
        otherwise: [],
        otherwiseLabel: 'no',
      });
      return 1;
    }
  }
  const mid = PARALLEL_MID.exec(sentence);
  if (mid) {
    const first = readClauses(mid[1], context, steps);
    const second = readClauses(mid[2], context);
    if (first.some((s) => s.kind === 'task') && second.some((s) => s.kind === 'task')) {
      steps.push({ kind: 'parallel', branches: [first, second] });
      return 1;
    }
    steps.push(...first, ...second);
    return 1;
  }
  const tail = PARALLEL_TAIL.exec(sentence);
  if (tail) {
    const items = splitList(tail[1].replace(/^(?:both |either )/i, ''));
    if (items.length >= 2) {
      steps.push({ kind: 'parallel', branches: items.map((item) => readClauses(item, context)) });
      return 1;
    }
  }
  const whileMatch = /^(.+?),?\s+while\s+(.+)$/i.exec(sentence);
  if (whileMatch) {
    steps.push({
      kind: 'parallel',
      branches: [readClauses(whileMatch[1], context), readClauses(whileMatch[2], context)],
    });
    return 1;
  }
  steps.push(...readClauses(sentence, context, steps));
  return 1;
}

/**
 * Sentences whose meaning is in time or repetition rather than in their verbs:
 * - "if the deposit has not arrived within 3 days, cancel the booking": a deadline on the step before;
 * - "wait 2 days before sending a reminder if the invoice is open": a wait, then the step (under its condition);
 * - "repeat the check until the form is complete": the step, then a loop back while the condition does not hold;
 * - "urgent cases: call the customer": a colon branch of a choice.
 */
function readTimedOrRepeated(sentence: string, steps: Step[], context: Context): boolean {
  const deadline = new RegExp(
    `^if\\s+(.+?)\\s+(?:has|have|is|are|was|were)\\s*(?:not|n't)\\s+(?:been\\s+)?(\\w+)(?:\\s+\\w+)??\\s+(?:within|in|after)\\s+(${DURATION})\\s*,?\\s*(?:then\\s+)?(.+)$`,
    'i',
  ).exec(sentence);
  // "if no reply is received within 5 days, …": the same deadline, negated on its subject.
  const noneBy = new RegExp(
    `^if\\s+no\\s+(.+?)\\s+(?:is|are|was|were|has been|have been)\\s+(\\w+)\\s+(?:within|in|after|by)\\s+(${DURATION})\\s*,?\\s*(?:then\\s+)?(.+)$`,
    'i',
  ).exec(sentence);
  const missed = deadline ?? noneBy;
  const host = lastTaskStep(steps);
  // A deadline stated before without its consequence ("… within five days. If no reply is received after
  // five days, …") takes this one.
  if (missed && host && (!host.deadline || host.deadline.steps.length === 0)) {
    host.deadline = {
      duration: findDuration(missed[3]) as string,
      interrupting: true,
      steps: readClauses(missed[missed.length - 1], context),
    };
    return true;
  }
  const waitBefore = new RegExp(
    `^wait\\s+(?:for\\s+)?(${DURATION})\\s+before\\s+(.+?)(?:\\s+(?:if|when|unless)\\s+(.+))?$`,
    'i',
  ).exec(sentence);
  if (waitBefore) {
    steps.push({
      kind: 'timer',
      name: `Wait ${waitBefore[1]}`,
      duration: findDuration(waitBefore[1]) as string,
    });
    const action = waitBefore[4].replace(/^(\w+)ing\b/i, (_, stem: string) => gerundBase(stem));
    if (waitBefore[5]) readDecision(waitBefore[5], action, steps, context);
    else steps.push(...readClauses(action, context, steps));
    return true;
  }
  const until = /^(?!wait\b)(.+?)\s+until\s+(.+)$/i.exec(sentence);
  if (until) {
    const body = readClauses(until[1].replace(/^repeat(?:s|ed)?\s+/i, ''), context, steps);
    const first = body.find((b) => b.kind === 'task');
    if (first?.kind === 'task') {
      steps.push(...body);
      const condition = parseCondition(until[2], context.variable);
      steps.push({
        kind: 'decision',
        question: questionFor(condition),
        variable: condition.variable,
        branches: [{ condition, steps: [] }],
        otherwise: [{ kind: 'goto', target: first.task.name, label: 'not yet' }],
        otherwiseLabel: 'not yet',
      });
      return true;
    }
  }
  const colon = /^([^:,]{2,60}):\s+(.+)$/.exec(sentence);
  const heading = colon?.[1].trim() ?? '';
  if (
    colon &&
    !PARALLEL_LEAD.test(sentence) &&
    !/^(?:note|example|e\.g|i\.e|step \d+)$|\b(?:steps?|following|these|as follows|then|first|next|finally)\b/i.test(
      heading,
    )
  ) {
    const last = steps[steps.length - 1];
    // The cases of one choice are listed one after another.
    if (last?.kind === 'decision' && last.otherwise === null && COLON_CHOICES.has(last)) {
      last.branches.push({
        condition: parseCondition(colon[1], null),
        steps: readClauses(colon[2], context),
      });
      last.question = 'Which case?';
      return true;
    }
    readDecision(colon[1], colon[2], steps, context);
    const made = steps[steps.length - 1];
    if (made?.kind === 'decision') COLON_CHOICES.add(made);
    return true;
  }
  return false;
}

/** "sending" → "send", "issuing" → "issue", "stopping" → "stop". */
function gerundBase(stem: string): string {
  if (/([bdgmnprt])\1$/.test(stem)) return stem.slice(0, -1);
  if (/(?:at|iz|us|iv|ur|ov|ag|uc|ar)$/.test(stem)) return `${stem}e`;
  return stem;
}

/** A clause that reports something happening (an action), rather than a state that can be true or false. */
function isEvent(clause: string): boolean {
  if (/\b(?:is|are|was|were|has|have|exceeds?|equals?|not|no)\b|[<>=]|\d/i.test(clause)) return false;
  return statesAnEvent(clause);
}

function startsWithVerb(item: string): boolean {
  const actions = analyseClause(item, { lastObject: null, lastActor: null });
  return (
    VERB_START.test(item) ||
    (actions !== null && actions.length > 0 && item.toLowerCase().startsWith(actions[0].verb))
  );
}

/** Runs `branch` in parallel with the steps of the sentence before. */
function alongsidePrevious(branch: Step[], steps: Step[], context: Context): void {
  const before = steps.splice(context.previousSentenceStart);
  const movable = before.every((s) => s.kind !== 'goto' && s.kind !== 'end');
  if (before.length === 0 || branch.length === 0 || !movable) {
    steps.push(...before, ...branch);
    return;
  }
  steps.push({ kind: 'parallel', branches: [before, branch] });
}

/** The last decision still open to "in the former case" / "in the latter case". */
function lastChoice(steps: Step[]): Extract<Step, { kind: 'decision' }> | null {
  const last = steps[steps.length - 1];
  return last?.kind === 'decision' ? last : null;
}

/** Every task named in the steps, branches and paths included. */
function taskNames(steps: Step[]): string[] {
  return steps.flatMap((s): string[] => {
    if (s.kind === 'task') return [s.task.name, ...taskNames(s.deadline?.steps ?? [])];
    if (s.kind === 'decision')
      return [...s.branches.flatMap((b) => taskNames(b.steps)), ...taskNames(s.otherwise ?? [])];
    if (s.kind === 'parallel') return s.branches.flatMap(taskNames);
    return [];
  });
}

/** Two task names for the same work: the same verb and a word of the object in common. */
function sameWork(a: string, b: string): boolean {
  const [verbA, ...restA] = a.toLowerCase().split(/\s+/);
  const [verbB, ...restB] = b.toLowerCase().split(/\s+/);
  return (
    verbA === verbB && (restA.length === 0 || restB.length === 0 || restA.some((w) => restB.includes(w)))
  );
}

function firstTaskName(steps: Step[], context: Context): string | null {
  const from = steps.slice(context.previousSentenceStart).find((s) => s.kind === 'task');
  return from?.kind === 'task' ? from.task.name : null;
}

/**
 * "The office approves the request or the office returns it": two clauses,
 * each with its own subject and action, joined by "or" are two cases of a choice.
 */
function alternativeClauses(sentence: string, context: Context): Step | null {
  const parts = sentence.split(/,?\s+or\s+(?=(?:the|a|an|he|she|they|it|we|i)\s)/i);
  if (parts.length < 2) return null;
  const probe = { lastObject: context.reading.lastObject, lastActor: context.reading.lastActor };
  if (!parts.every((p) => (analyseClause(p, probe)?.length ?? 0) > 0)) return null;
  const cases = parts.map((p) => readClauses(p, context));
  const names = cases.map((c) => {
    const task = c.find((st) => st.kind === 'task');
    return task?.kind === 'task' ? task.task.name : 'case';
  });
  const options = names.map((n) => n.split(' ')[0].toLowerCase());
  const object = context.reading.lastObject ?? 'next';
  const variable = camelCase(`${object.split(' ').slice(-1)[0]} decision`);
  return {
    kind: 'decision',
    question: `${names.join(' or ')}?`.slice(0, 120),
    variable,
    branches: cases.slice(0, -1).map((c, k) => ({
      condition: {
        expression: `\${${variable} == '${options[k].replace(/[^a-z0-9 -]/g, '')}'}`,
        label: options[k],
        variable,
      },
      steps: c,
    })),
    otherwise: cases[cases.length - 1],
    otherwiseLabel: options[options.length - 1],
  };
}

function splitCondition(text: string): [string, string] {
  // "$5,000 or more": a comma inside a number separates nothing.
  const comma = /^(.+?)(?:,(?!\d{3}\b)\s*(?:then\s+)?|\s+then\s+|:\s*)(.+)$/.exec(text);
  if (comma) return [comma[1], comma[2]];
  const verb = new RegExp(
    `^(.+?)\\s+((?:go|send|notify|escalate|end|stop|retry|wait|${VERBS})\\b.*)$`,
    'i',
  ).exec(text);
  if (verb && verb[1].split(' ').length >= 1) return [verb[1], verb[2]];
  return [text, ''];
}

function readConditional(
  conditionText: string,
  actionText: string,
  steps: Step[],
  context: Context,
  next: string | undefined,
): 1 | 2 {
  const last = steps[steps.length - 1];
  const condition = conditionText.trim();

  const noMessage =
    /^(?:no |the )?(.+?)\s+(?:does not|doesn't|did not|didn't|has not|hasn't|never)\s+(?:arrive|come|come in|get received)|^no (.+?) (?:arrives|is received|comes)|^(?:it|this|that|the wait) times out|^there is no (?:reply|response|answer)/i;
  if (noMessage.test(condition) && last?.kind === 'message' && last.timeout) {
    last.timeout.steps = readClauses(actionText, context);
    return 1;
  }
  if (FAILURE.test(condition)) {
    const host = lastTaskStep(steps);
    if (host) {
      host.onFailure = readClauses(actionText, context);
      return 1;
    }
  }
  const late = new RegExp(
    `^(?:it is |this is |that is |the task is |)?not (?:done|completed|finished|handled|approved|reviewed|answered|resolved)(?: in time| by then| within ${DURATION})?$|^(?:the )?(?:deadline|sla) (?:passes|is missed|expires)$`,
    'i',
  );
  if (late.test(condition)) {
    const host = lastTaskStep(steps);
    if (host?.deadline && host.deadline.steps.length === 0) {
      host.deadline.steps = readClauses(actionText, context);
      return 1;
    }
  }
  if (!actionText) {
    const lookahead = next && !/^(?:if|otherwise|else)\b/i.test(next) ? next : null;
    if (lookahead) {
      readDecision(condition, lookahead, steps, context);
      return 2;
    }
  }
  return readDecision(condition, actionText, steps, context);
}

function readDecision(conditionText: string, actionText: string, steps: Step[], context: Context): 1 {
  const last = steps[steps.length - 1];
  const pronoun = /^(?:it|they|this|that|the result|the outcome|not)\b/i.test(conditionText);
  const condition = parseCondition(conditionText, context.variable);
  const branchSteps = readClauses(actionText, context);
  if (
    last?.kind === 'decision' &&
    last.otherwise === null &&
    (pronoun || condition.variable === last.variable)
  ) {
    if (!last.branches.some((b) => b.condition.expression === condition.expression)) {
      last.branches.push({ condition, steps: branchSteps });
      last.question = `${humanise(last.variable)}?`;
      return 1;
    }
  }
  context.variable = condition.variable;
  steps.push({
    kind: 'decision',
    question: questionFor(condition),
    variable: condition.variable,
    branches: [{ condition, steps: branchSteps }],
    otherwise: null,
  });
  return 1;
}

function questionFor(condition: ParsedCondition): string {
  const label = condition.label.replace(/^(?:the|a|an)\s+/i, '');
  return `${label[0]?.toUpperCase() ?? ''}${label.slice(1)}?`.slice(0, 120);
}

function humanise(variable: string): string {
  const words = variable.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words[0].toUpperCase() + words.slice(1);
}

/** "A, B and C" → three items; keeps "pack and ship the order" whole unless both sides start with a verb. */
function splitList(text: string): string[] {
  return text
    .split(/\s*,\s*(?:and\s+|or\s+)?|\s*;\s*|\s+and\s+(?=(?:also\s+)?[a-z]+\b)/i)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * "the clerk files the form and the sales and service teams are told, and the manager signs it": the
 * actions of a list. Commas and semicolons separate items; "and" separates two only where each side
 * states an action, so a coordinated noun phrase stays whole.
 */
function actionList(text: string, reading: ReadingContext): string[] {
  const acts = (part: string) =>
    (analyseClause(part, { lastObject: reading.lastObject, lastActor: reading.lastActor })?.length ?? 0) > 0;
  const items: string[] = [];
  for (const piece of text.split(/\s*[;,]\s*(?:and\s+|or\s+)?/).filter((p) => p.trim().length > 0)) {
    const [head, ...coordinated] = piece.split(/\s+and\s+/i);
    let current = head;
    for (const next of coordinated) {
      if (acts(current) && acts(next)) {
        items.push(current);
        current = next;
      } else current = `${current} and ${next}`;
    }
    // A piece with no action of its own ("which is then filed") describes the item before it.
    if (items.length > 0 && !acts(current)) items[items.length - 1] += `, ${current}`;
    else items.push(current);
  }
  return items;
}

/** Splits a sentence into clauses and reads each: waits, messages, retries, gotos, escalations, ends, tasks. */
function readClauses(text: string, context: Context, before: Step[] = []): Step[] {
  const steps: Step[] = [];
  const clauses = joinLoneSubjects(
    text
      .split(CLAUSE_SPLIT)
      .map((c) => c.trim())
      .filter((c) => c.length > 0),
  );
  for (const clause of clauses) readClause(clause, steps, before, context);
  steps.forEach((step, k) => {
    const next = steps.slice(k + 1).find((s) => s.kind === 'task');
    if (step.kind === 'task' && DONE_BY_NEXT.has(step) && next?.kind === 'task')
      step.task = {
        ...step.task,
        kind: next.task.kind,
        candidateGroups: next.task.candidateGroups,
        formFields: next.task.formFields.filter((f) => f.id === 'comment'),
      };
  });
  return steps;
}

/** "The clerk then checks the form" was cut at "then": a subject alone belongs to the clause after it. */
function joinLoneSubjects(clauses: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i];
    // "Within two days, the landlord …" was cut at its comma: the deadline leads the clause after it.
    if (i + 1 < clauses.length && LONE_DEADLINE.test(clause)) {
      clauses[i + 1] = `${clause} ${clauses[i + 1]}`;
      continue;
    }
    const lone =
      i + 1 < clauses.length &&
      /^(?:(?:the|a|an|our|their|this)\s+[\w' -]+|he|she|they|we|i|it)$/i.test(clause) &&
      clause.split(/\s+/).length <= 6 &&
      analyseClause(clause, { lastObject: null, lastActor: null })?.length === 0;
    if (lone) {
      clauses[i + 1] = `${clause} ${clauses[i + 1]}`;
      continue;
    }
    joined.push(clause);
  }
  return joined;
}

function lastTaskStep(steps: Step[]): Extract<Step, { kind: 'task' }> | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.kind === 'task') return s;
    if (s.kind !== 'timer' && s.kind !== 'message') return null;
  }
  return null;
}

function readClause(clause: string, steps: Step[], before: Step[], context: Context): void {
  const c = clause.replace(/^(?:and|also|then|finally)\s+/i, '').trim();
  const host = lastTaskStep(steps) ?? lastTaskStep(before);
  const otherwise = OTHERWISE.exec(c);
  if (otherwise) {
    const rest = c.slice(otherwise[0].length);
    if (host?.deadline && host.deadline.steps.length === 0) host.deadline.steps = readClauses(rest, context);
    else if (rest.length > 0) readClause(rest, steps, before, context);
    return;
  }
  if (NOTHING.test(c)) return;

  const retry = RETRY.exec(c);
  if (retry) {
    const times = Math.min(20, Math.max(1, parseAmount(retry[1] ?? retry[2]) ?? 3));
    const interval = findDuration(c.slice(retry.index)) ?? 'PT1M';
    const rest = c
      .slice(0, retry.index)
      .replace(/,?\s*(?:and\s+)?$/i, '')
      .trim();
    if (rest.length > 0 && VERB_START.test(rest.replace(/^(?:the system |we )/i, '')))
      readClause(rest, steps, before, context);
    const target = lastTaskStep(steps) ?? lastTaskStep(before);
    if (target && target.task.kind === 'serviceTask') {
      target.retry = { times, interval };
      return;
    }
  }
  const wait = new RegExp(
    `^(?:wait|pause|sleep|delay(?: the process)?|hold)(?: for)?\\s+(?:${DURATION})\\b`,
    'i',
  ).exec(c);
  const after = new RegExp(`^after (?:${DURATION})\\b,?\\s*(.*)$`, 'i').exec(c);
  if (wait || after) {
    const duration = findDuration(c) as string;
    steps.push({ kind: 'timer', name: `Wait ${durationWords(c)}`, duration });
    const rest = after?.[3]?.trim();
    if (rest) readClause(rest, steps, before, context);
    return;
  }
  const message = new RegExp(
    `^(?:wait|waits|waiting) (?:for|until)\\s+(?:the |a |an )?(.+?)(?:\\s+(?:to arrive|to come in|arrives|is received|comes in|to be received))?(?:,?\\s+(?:for up to|for at most|up to|at most|no longer than|for a maximum of|for|within)\\s+(${DURATION}))?$`,
    'i',
  ).exec(c);
  if (message && !findDuration(message[1])) {
    const subject = message[1].replace(/\b(?:from|by) (?:the )?\w+$/i, '').trim() || 'message';
    const timeout = message[2] ? findDuration(message[2]) : null;
    steps.push({
      kind: 'message',
      name: `Wait for ${subject}`.slice(0, 120),
      message: pascal(subject),
      ...(timeout ? { timeout: { duration: timeout, steps: [] } } : {}),
    });
    return;
  }
  const within = new RegExp(
    `^(.*?)\\s*\\b(?:within|in less than|in under|before)\\s+(${DURATION})\\b(.*)$`,
    'i',
  ).exec(c);
  const timedRest = within?.[1] === '' ? within[5].replace(/^[\s,]+/, '') : '';
  if (within && timedRest && !/^(?:otherwise|or else|else|or)\b/i.test(timedRest)) {
    // "Within two days, the landlord inspects the flat": the deadline is on the step the sentence goes on to state.
    const timed: Step[] = [];
    readClause(timedRest, timed, before, context);
    const first = timed.find((s) => s.kind === 'task');
    if (first?.kind === 'task')
      first.deadline = { duration: findDuration(within[2]) as string, interrupting: true, steps: [] };
    steps.push(...timed);
    return;
  }
  if (within && (within[1].length > 0 || host)) {
    if (within[1].length > 0) readClause(within[1], steps, before, context);
    const target = lastTaskStep(steps) ?? lastTaskStep(before);
    if (target) {
      const tailAction = within[5].replace(/^[\s,]*(?:otherwise|or else|else|or)?\s*/i, '').trim();
      target.deadline = {
        duration: findDuration(within[2]) as string,
        interrupting: true,
        steps: tailAction ? readClauses(tailAction, context) : [],
      };
      return;
    }
  }
  const reminder = new RegExp(
    `^(?:send (?:a |them a |him a |her a )?reminders?|remind (?:the )?(\\w+))(?: (?:to|about) .+?)?\\s+every\\s+(?:${DURATION}|day|hour|week)`,
    'i',
  ).exec(c);
  if (reminder) {
    const target = lastTaskStep(steps) ?? lastTaskStep(before);
    if (target && target.task.kind === 'userTask') {
      target.reminder = {
        cycle: findCycle(c) as string,
        steps: [
          {
            kind: 'task',
            task: {
              ...taskFromClause('send reminder'),
              kind: 'serviceTask',
              candidateGroups: [],
              formFields: [],
            },
          },
        ],
      };
      return;
    }
  }
  const escalate =
    /^escalat\w*\s+(?:it |this |the \w+ |the case |the issue |the request )?(?:to|with)\s+(?:the\s+)?(.+)$/i.exec(
      c,
    );
  if (escalate) {
    const group = roleGroup(escalate[1]) ?? camelToKebab(camelCase(escalate[1]));
    steps.push({ kind: 'escalate', name: `Escalate to ${escalate[1]}`.slice(0, 120), code: group, group });
    return;
  }
  const goto = GOTO.exec(c);
  if (goto) {
    const before = c
      .slice(0, goto.index)
      .replace(/\s*(?:and|,)\s*$/i, '')
      .trim();
    if (before.length > 0 && VERB_START.test(before)) readClause(before, steps, [], context);
    const target = goto[1]
      .replace(/^(?:the\s+)?/i, '')
      .replace(/\s+step$/i, '')
      .trim();
    steps.push({
      kind: 'goto',
      target: /^(?:start|beginning|first step|top)?$/i.test(target) ? null : target,
      label: `back to ${target || 'start'}`,
    });
    return;
  }
  if (END.test(c)) {
    steps.push({ kind: 'end', name: 'Process ended', result: 'none' });
    return;
  }
  const endTail = /^(.+?)\s+and\s+(?:end|stop|finish|terminate)(?: the (?:process|workflow))?$/i.exec(c);
  if (endTail) {
    readClause(endTail[1], steps, before, context);
    steps.push({
      kind: 'end',
      name: `${endTail[1][0].toUpperCase()}${endTail[1].slice(1)}`.slice(0, 60),
      result: 'none',
    });
    return;
  }
  if (/^(?:fail|abort)(?: the (?:process|workflow))?(?: with an error)?$|^end with an error$/i.test(c)) {
    steps.push({ kind: 'end', name: 'Process failed', result: 'error' });
    return;
  }
  // "After rinsing the glasses, the barman …": the doer's own earlier step, unless it was told already or
  // is something arriving ("after receiving the form"), which is a moment, not work.
  const afterDoing = /^(?:after|upon)\s+([a-z]+ing)\s+(\S.*)$/i.exec(c);
  if (afterDoing && !ARRIVING.test(afterDoing[1])) {
    const read: Step[] = [];
    readActions(`${infinitiveOf(afterDoing[1])} ${afterDoing[2]}`, read, context);
    const told = taskNames([...before, ...steps]);
    for (const r of read) {
      if (r.kind === 'task' && told.some((t) => sameWork(t, r.task.name))) continue;
      if (r.kind === 'task') DONE_BY_NEXT.add(r);
      steps.push(r);
    }
    return;
  }
  readActions(c, steps, context);
}

/**
 * The plain-task fallback, read with the tagger: one task per action the
 * clause states (verb + object), a choice where it names alternatives, and
 * nothing where it states no action at all ("Afterwards", "a process instance
 * is created").
 */
function readActions(clause: string, steps: Step[], context: Context): void {
  readActionsOnly(clause, steps, context);
  // "decides whether the file is complete", "depending on the outcome of the check": a decision follows.
  const question =
    /\b(?:decides?|decided|deciding|determines?|determined|depending on)\s+(?:on\s+)?(?:whether\s+)?(.+?)(?:\s+or not)?$/i.exec(
      clause,
    );
  if (question && !/^(?:if|when)\b/i.test(clause)) {
    const condition = parseCondition(question[1], context.variable);
    context.variable = condition.variable;
    steps.push({
      kind: 'decision',
      question: questionFor(condition),
      variable: condition.variable,
      branches: [{ condition, steps: [] }],
      otherwise: null,
    });
  }
}

function readActionsOnly(text: string, steps: Step[], context: Context): void {
  // What is left of an aside cut by a clause boundary, and "i.e.", stay out of the label.
  const clause =
    text
      .replace(/\s*\([^)]*$|^[^(]*\)\s*/g, '')
      .replace(/,?\s*\b(?:i\.e|e\.g)\b\.?,?/gi, '')
      .trim() || text;
  const legacy = taskFromClause(clause);
  const actions = analyseClause(clause, context.reading);
  remember(context.reading, actions, clause);
  // "Once the client is measured, …", "after the parcel is weighed": the moment the next step waits
  // for, reporting a step already told or another party's, not a new one.
  if (TEMPORAL_LEAD.test(clause) && (actions === null || actions.every((a) => a.passive))) return;
  // ", which are listed in the annex": a relative clause cut off by its comma describes the thing before it.
  if (/^which\b/i.test(clause)) return;
  // ", to be sure the seal holds", "in order to save time": an infinitive on its own says what a step is for.
  if (/^(?:in order |so as )?to\s+(?!the\b|a\b|an\b)[a-z]+\b/i.test(clause)) return;
  if (actions === null || actions.length === 0) {
    // A clause the tagger finds no action in but that starts with a known work verb is still a step;
    // so is text it cannot read at all (no verb, not a connector or a subordinate fragment): the worst
    // outcome stays a plain sequence of well-named tasks, never a lost sentence.
    const unreadable =
      actions === null ||
      (!/^(?:once|when|whenever|after|before|while|if|in|at|on|for|with|as|since|until|she|he|it|they|this|that|every|each|within|by|under|during|upon|without|despite|according|both|either|neither|any|all)\b/i.test(
        clause,
      ) &&
        // A verb the tagger found, with no step in it, is a reading, not a failure to read.
        !statesAnEvent(clause) &&
        clause.trim().split(/\s+/).length >= 3 &&
        // English function words mean the tagger could read it and found no action in it.
        !/\b(?:is|are|was|were|be|been|has|have|had|will|can|may|must|should|the|of|in|at|on|for|with|during|their|his|her|its|this|that|these|to|from|by|as)\b/i.test(
          clause,
        ));
    const [verb, ...object] = legacy.name.toLowerCase().split(' ');
    if ((VERB_START.test(legacy.name) || unreadable) && !isFlowItself(verb, object.join(' ')))
      steps.push({ kind: 'task', task: legacy });
    if (!VERB_START.test(legacy.name)) context.unrecognised.push(clause);
    return;
  }
  if (!VERB_START.test(legacy.name) && legacy.kind === 'serviceTask') context.unrecognised.push(clause);
  const single = actions.length === 1 && actions[0].alternatives === null;
  for (const action of actions) {
    // A clause already named well by the rules keeps that name (the project's corpus relies on it).
    // An instruction ("Validate the payment") keeps the rules' name; a report of someone's work takes the tagger's.
    const legacyFits =
      single &&
      // The rules do not resolve "it" and "them"; the tagger's reading does.
      !/\b(?:it|them|this|these|those)\b/i.test(legacy.name) &&
      VERB_START.test(legacy.name) &&
      legacy.name.split(' ')[0].toLowerCase() === action.verb &&
      clause
        .replace(/^(?:and|then|also|finally|next|first)\s+/i, '')
        .toLowerCase()
        .startsWith(action.verb);
    const task = legacyFits ? legacy : taskFromAction(action, clause);
    steps.push({ kind: 'task', task });
    if (action.alternatives) steps.push(choiceBetween(action.alternatives, action.object));
  }
}

/** "reject or accept the order": a decision with one branch per alternative; later sentences fill the branches. */
function choiceBetween(alternatives: string[], object: string): Step {
  const variable = camelCase(`${object.split(' ').slice(0, 2).join(' ') || 'next'} decision`);
  const options = alternatives.map((a) => a.split(' ')[0].toLowerCase());
  return {
    kind: 'decision',
    question: `${alternatives.join(' or ')}?`.slice(0, 120),
    variable,
    branches: options.slice(0, -1).map((option) => ({
      condition: { expression: `\${${variable} == '${option}'}`, label: option, variable },
      steps: [],
    })),
    otherwise: [],
    otherwiseLabel: options[options.length - 1],
  };
}

function durationWords(text: string): string {
  return new RegExp(DURATION, 'i').exec(text)?.[0] ?? 'a while';
}

function camelToKebab(text: string): string {
  return text.replace(/([A-Z])/g, '-$1').toLowerCase();
}
