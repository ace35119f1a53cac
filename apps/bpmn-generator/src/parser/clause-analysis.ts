import nlp from 'compromise';
import { baseVerb, irregularRoot, roleGroup } from './task-naming.util';
import { KNOWN_VERB } from './work-verbs';

/**
 * One clause read with an English tagger (compromise: part of speech, verb
 * roots, noun chunks): the actions it states, each as verb + object, and who
 * does them. "The warehouse packs the order list and weighs each crate"
 * → [Pack order list, Weigh crate] by "warehouse"; "it is re-packed"
 * → [Re-pack crate] (the pronoun resolved to the last object named).
 */
export interface ClauseAction {
  /** Imperative label: "Pack order list". */
  label: string;
  /** The verb's root: "check". */
  verb: string;
  /** The object phrase without articles: "order list". */
  object: string;
  /** The doer named before the verb (active voice) or after "by" (passive), if any. */
  actor: string | null;
  /** The doer is a person, a role or a team (a user task), not a system. */
  byPerson: boolean;
  /**
   * "reject or accept the order": the verbs are alternatives, so the clause
   * is a choice between them, not one step.
   */
  alternatives: string[] | null;
  /** Read from the passive voice ("the form is signed"): it reports that something was done. */
  passive: boolean;
}

/** What earlier clauses named, so "it", "this" and "them" can be resolved. */
export interface ReadingContext {
  lastObject: string | null;
  lastActor: string | null;
  /** The last plural object, for "them" and "these". */
  lastPlural?: string | null;
}

interface Term {
  text: string;
  normal: string;
  tags: Set<string>;
  root?: string;
  chunk?: string;
  post?: string;
}

/** Verbs that state a fact rather than a step of work. */
const STATIVE = new Set([
  'be',
  'have',
  'serve',
  'consist',
  'contain',
  'include',
  'exist',
  'seem',
  'become',
  'mean',
  'belong',
  'depend',
  'involve',
  'represent',
  'concern',
  'want',
  'wish',
  'like',
  'need',
  'know',
  'let',
  'can',
  'may',
  'must',
  'will',
  'shall',
  'do',
  'happen',
  'follow',
  'summarise',
  'summarize',
  'describe',
  'take place',
  'base',
  'relate',
  'try',
  'see',
  'seem',
  'believe',
  'act',
  'play',
  'ensure',
  'require',
  'expect',
  'appear',
  'remain',
  'get',
  'go',
  'come',
  'make sure',
  'desire',
  'deem',
  'interest',
  // Waiting is a state the process is in; the rules make a timer or a message event of an explicit wait.
  'wait',
  'await',
  'keep',
  'perceive',
  'realise',
  'realize',
  'assume',
  'hope',
  'feel',
  'suppose',
  'understand',
]);
const CATENATIVE =
  /^(need|needs|needed|have|has|had|want|wants|wanted|try|tries|tried|begin|begins|began|start|starts|started|plan|plans|planned|agree|agrees|agreed|seem|seems|used|able|going)$/;
const PRONOUN = /^(it|this|that|they|them|these|those|its|their)$/;
const LIFECYCLE = /\b(process|process instance|instance|procedure|workflow)\b/;
const STOP_OBJECT = new Set(['it', 'this', 'that', 'them', 'they', 'these', 'those', 'which', 'who', 'what']);
const PREPOSITIONS_KEPT = new Set(['to', 'for', 'from', 'with', 'into', 'on', 'of', 'about', 'in']);
const MAX_OBJECT_WORDS = 3;
/** "Ship bicycle to customer" keeps one prepositional phrase; more is a sentence, not a label. */
const MAX_PREPOSITIONS = 1;
/** Steps that need no object to be a step. */
const INTRANSITIVE_STEPS = /^(pay|register|apply|respond|reply|vote|resubmit|withdraw|escalate|reorder)$/;
const PEOPLE =
  /\b(department|team|office|desk|unit|group|section|ward|staff|member|committee|board|customer|client|patient|applicant|employee|user|visitor|guest|person|people|someone|he|she|manager|clerk|officer|assistant|secretary|agent|representative|specialist|expert|owner|steward|head|supervisor|physician|doctor|nurse|lawyer|accountant|buyer|seller|supplier|vendor|candidate|student|teacher|inspector|handler|worker|operator)s?\b/i;
const SYSTEMS =
  /\b(system|software|application|app|service|platform|computer|server|database|tool|portal|erp|crm|machine|robot|program)s?\b/i;

function isPersonPhrase(text: string, terms: Term[]): boolean {
  if (SYSTEMS.test(text)) return false;
  return (
    PEOPLE.test(text) ||
    roleGroup(text) !== null ||
    terms.some((t) => t.tags.has('Actor') || t.tags.has('Person'))
  );
}

/** Tagging is the costly part and the parser asks about the same clause more than once. */
const TAGGED = new Map<string, Term[]>();
const TAGGED_MAX = 2_000;

function termsOf(text: string): Term[] {
  const cached = TAGGED.get(text);
  if (cached) return cached.map((t) => ({ ...t, tags: new Set(t.tags) }));
  const terms = tag(text);
  if (TAGGED.size >= TAGGED_MAX) TAGGED.delete(TAGGED.keys().next().value as string);
  TAGGED.set(
    text,
    terms.map((t) => ({ ...t, tags: new Set(t.tags) })),
  );
  return terms;
}

function tag(text: string): Term[] {
  const doc = nlp(text);
  doc.compute('root');
  // `root` is computed above; the typings of json() do not list it as an option.
  const json = doc.json({ terms: { root: true, normal: true } } as object) as {
    terms: { text: string; normal: string; tags: string[]; root?: string; chunk?: string; post?: string }[];
  }[];
  return retagVerbs(json.flatMap((s) => s.terms.map((t) => ({ ...t, tags: new Set(t.tags) }))));
}

const OBJECT_START =
  /^(the|a|an|its|their|his|her|this|these|those|all|each|every|any|some|out|up|down|off|back|in|it|them)$/;
const LEADING = /^(then|and|also|finally|next|afterwards|first|now|so)$/;

/**
 * Words the tagger reads as nouns but English places as verbs: the first word
 * of an instruction followed by its object ("page the engineer", "compress
 * the export"), and a third-person form between a subject and its object
 * ("the team investigates the issue").
 */
function retagVerbs(terms: Term[]): Term[] {
  const asVerb = (t: Term, root: string) => {
    t.tags = new Set(['Verb', 'PresentTense']);
    t.root = root;
  };
  const first = terms.findIndex((t) => !LEADING.test(t.normal) && !t.tags.has('Adverb'));
  // With no verb at all, "the auditor asks for receipts" has its verb before a preposition too.
  const verbless = !terms.some((t) => t.tags.has('Verb'));
  terms.forEach((t, k) => {
    const next = terms[k + 1];
    // "Field Service", "Front Desk": capitalised words in a row name a party, not an instruction.
    const named = (u: Term | undefined) => u !== undefined && /^[A-Z][a-z]/.test(u.text);
    if (k === first && named(t) && named(next) && !KNOWN_VERB.test(t.normal) && t.tags.has('Verb')) {
      t.tags = new Set(['Noun', 'ProperNoun']);
      return;
    }
    if (k === first && t.tags.has('Noun') && !t.tags.has('Pronoun') && KNOWN_VERB.test(t.normal) && next) {
      asVerb(t, /[^s]s$/.test(t.normal) ? baseVerb(t.normal) : t.normal);
      return;
    }
    const opensObject =
      OBJECT_START.test(next?.normal ?? '') ||
      (k > 0 && /^(whether|that)$/.test(next?.normal ?? '')) ||
      (verbless && /^(for|about|to|with|on)$/.test(next?.normal ?? ''));
    // "Halfway the month", "Otherwise the clerk": -way, -wise and -ward words are adverbs, never instructions.
    if (
      !next ||
      !t.tags.has('Noun') ||
      t.tags.has('Pronoun') ||
      !opensObject ||
      /(?:way|wise|wards?)$/.test(t.normal)
    )
      return;
    if (k === first) asVerb(t, /[^s]s$/.test(t.normal) ? baseVerb(t.normal) : t.normal);
    else if (
      k > 0 &&
      ((terms[k - 1].tags.has('Noun') && !terms[k - 1].tags.has('Pronoun')) ||
        terms[k - 1].normal === 'and') &&
      /[^s]s$/.test(t.normal)
    )
      asVerb(t, baseVerb(t.normal));
  });
  // Once the verbs are known, a "verb" followed by its clause's own verb heads the subject instead.
  terms.forEach((t, k) => {
    if (headOfSubject(terms, k)) t.tags = new Set(['Noun']);
  });
  return terms;
}

/** Words that may stand between a noun and its verb inside one subject: "Field Service logs", "post from the tenant is". */
const inSubject = (t: Term) =>
  !t.tags.has('Pronoun') &&
  (t.tags.has('Noun') ||
    t.tags.has('ProperNoun') ||
    t.tags.has('Acronym') ||
    t.tags.has('Determiner') ||
    t.tags.has('Adjective') ||
    (t.tags.has('Adverb') && !/^(not|never)$/.test(t.normal)) ||
    /^(of|from|at|in)$/.test(t.normal));
const FINITE = /^(is|are|was|were|will|must|can|may|should|has|have)$/;

/**
 * A word the tagger read as a verb that is the head of a noun phrase instead:
 * right after a preposition ("in bookings"), after an adjective ("signed
 * forms"), or when the phrase it opens is followed by the clause's own
 * finite verb ("Field Service logs", "Post from the tenant is opened",
 * "at the front desk, a clerk stamps").
 */
function headOfSubject(terms: Term[], k: number): boolean {
  const t = terms[k];
  if (!t.tags.has('Verb') || t.tags.has('Gerund') || t.tags.has('Copula') || t.tags.has('Auxiliary'))
    return false;
  if (t.tags.has('PastTense') || /ed$/.test(t.normal)) return false;
  const prev = terms[k - 1];
  if (
    prev &&
    prev.tags.has('Preposition') &&
    !/^(to|who|which|that)$/.test(prev.normal) &&
    /s$/.test(t.normal)
  )
    return true;
  if (prev && prev.tags.has('Adjective') && !prev.tags.has('Verb') && k > 1) return true;
  // "the clerk checks the form the customer sent": a third-person verb after its subject stays a verb.
  if (/[^s]s$/.test(t.normal)) return false;
  let m = k + 1;
  while (m < terms.length && inSubject(terms[m]) && !terms[m].tags.has('Verb')) m += 1;
  const finite = terms[m];
  if (m === k + 1 || !finite) return false;
  return (
    FINITE.test(finite.normal) ||
    (finite.tags.has('Verb') && finite.tags.has('PresentTense') && /[^s]s$/.test(finite.normal))
  );
}

const FLOW_VERB =
  /^(create|instantiate|trigger|close|complete|initiate|start|begin|end|finish|stop|terminate|continue|proceed|run)$/;
const GENERIC_WORK = /^(?:(?:following |next |this |that )?(?:task|step|activit(?:y|ie)|action|work)s?)$/i;

/**
 * Starting, ending or continuing the process itself, "performing the task", or a deadline passing, is the
 * flow or its timing, not a step in it.
 */
export function isFlowItself(verb: string, object: string): boolean {
  // "the deadline is reached": time passing is a timer event, not work.
  if (/\b(deadline|time limit|period|due date)\b/.test(object) && /^(reach|pass|exceed|expire)$/.test(verb))
    return true;
  const lifecycle =
    LIFECYCLE.test(object) || (object === '' && /^(continue|proceed|end|stop|finish)$/.test(verb));
  return (
    (lifecycle && FLOW_VERB.test(verb)) ||
    (GENERIC_WORK.test(object) && /^(perform|take|do|carry|execute|complete|follow)$/.test(verb))
  );
}

/** "may not leave", "haven't yet signed": the verb's auxiliaries and adverbs hold a negation. */
function negated(terms: Term[], i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const t = terms[k];
    // "haven't", and "havent" as people type it.
    if (
      /^(not|never|n't)$/.test(t.normal) ||
      /n't$|^(?:havent|hasnt|hadnt|dont|doesnt|didnt|wont|cant|cannot|isnt|arent|wasnt|werent|shouldnt|mustnt)$/.test(
        t.text.toLowerCase(),
      )
    )
      return true;
    const between =
      t.tags.has('Adverb') ||
      t.tags.has('Auxiliary') ||
      t.tags.has('Modal') ||
      /^(have|has|had|do|does|did|will|would|can|could|may|might|must|shall|should|be|been|yet|still|already|ever)$/.test(
        t.normal,
      );
    if (!between) return false;
  }
  return false;
}

/**
 * "asks the clerk to file the claim", "gives a note to the porter to fetch the van": work handed on to
 * staff is their step. What the process asks of the party it serves ("ask the customer to confirm") comes
 * back as an answer, not as a step of this process.
 */
function delegated(terms: Term[], i: number): boolean {
  const party = terms[i - 2];
  if (!party.tags.has('Noun') || party.tags.has('Pronoun') || SERVED.test(party.normal)) return false;
  // "makes a request to reprint the badge" (but not "in order to"): the step asked for.
  if (DIRECTIVE.test(party.normal) && terms[i - 3]?.normal !== 'in') return true;
  return isPersonPhrase(party.normal, [party]) || /(?:ier|eer|ist|ian|or)$/.test(party.normal);
}

/** The head noun of a subject ("the new customer" → "customer"), or of what its pronoun stands for. */
function subjectHead(subject: string, antecedent: string | null): string {
  const words = (subject || antecedent || '').toLowerCase().split(/\s+/);
  return words[words.length - 1] ?? '';
}

const DIRECTIVE = /^(request|order|instruction|command)$/;

const SERVED =
  /^(customer|client|user|applicant|guest|visitor|patient|caller|claimant|citizen|tenant|member|requester|petitioner)s?$/;

function coordinated(terms: Term[], from: number, to: number): boolean {
  return terms
    .slice(from, to)
    .some((t, k) => (k > 0 && /^(and|or|then|before|after)$/.test(t.normal)) || /[,;]/.test(t.post ?? ''));
}

/**
 * A relative clause ("the memo that describes …", "rooms which are booked") never holds the
 * clause's step; a participle right after a noun ("the label attached to …") does not once a step was
 * read (before it, "the clerk checked the form" is the step itself).
 */
function describesNoun(terms: Term[], i: number, afterStep: boolean): boolean {
  const prev = terms[i - 1];
  if (!prev) return false;
  const reduced =
    afterStep &&
    (terms[i].tags.has('PastTense') || terms[i].tags.has('Participle')) &&
    prev.tags.has('Noun') &&
    !prev.tags.has('Pronoun');
  let k = i - 1;
  while (
    k >= 0 &&
    (terms[k].tags.has('Auxiliary') || terms[k].tags.has('Modal') || terms[k].tags.has('Adverb'))
  )
    k -= 1;
  const relative =
    k >= 1 &&
    /^(that|which)$/.test(terms[k].normal) &&
    terms[k - 1].tags.has('Noun') &&
    !terms[k - 1].tags.has('Pronoun');
  return reduced || relative;
}

const PARTICLE = /^(out|up|down|off|back|over)$/;

/** "I am submitting the form", "the agent is phoning the landlord": the -ing form after "be" is the verb. */
function progressive(terms: Term[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && terms[k].tags.has('Adverb')) k -= 1;
  return k >= 0 && /^(am|is|are|was|were|be|been)$/.test(terms[k].normal);
}

const isVerb = (t: Term) => t.tags.has('Verb') && !t.tags.has('Auxiliary') && !t.tags.has('Modal');
const isCopula = (t: Term) =>
  t.tags.has('Copula') || /^(is|are|was|were|be|been|being|gets|get|got)$/.test(t.normal);
/** "informed" after "are" is tagged an adjective, but it is a passive verb. */
const isParticiple = (t: Term) =>
  (t.tags.has('PastTense') ||
    t.tags.has('Participle') ||
    (t.tags.has('Adjective') && /(ed|en|wn)$/.test(t.normal))) &&
  /(ed|en|wn|nt|ne|un|ld|lt|pt|ft|id)$/.test(t.normal) &&
  !/^(available|able|necessary|possible|ready|done|open|new|ended|interested|satisfied|correct|complete|completed|finished|required)$/.test(
    t.normal,
  );

function verbRoot(t: Term): string {
  const irregular = irregularRoot(t.normal);
  if (irregular) return irregular;
  const word = (t.root ?? t.normal).toLowerCase();
  if (word !== t.normal || !/(ed|ied)$/.test(word)) return word.replace(/-$/, '');
  // Participles the tagger leaves alone: "re-packed" → "re-pack", "received" → "receive".
  const [head, last] = /-/.test(word)
    ? [word.slice(0, word.lastIndexOf('-') + 1), word.slice(word.lastIndexOf('-') + 1)]
    : ['', word];
  return head + baseVerb(last);
}

/** Adjectives a narrative adds and a task name leaves out: "the necessary parts", "the respective form". */
const HEDGES =
  /^(necessary|required|respective|relevant|appropriate|corresponding|applicable|various|certain|possible|entire|whole|actual|particular|specific|given|following|further)$/;

/** A party's name after "of" or "to": an acronym or capitalised words ("ACME", "Northwind Labs"), up to the clause's end or a comma. */
function namesParty(terms: Term[]): boolean {
  const words: Term[] = [];
  for (const t of terms) {
    // "of the ACME or the BETA": the name ends at the conjunction.
    if (words.length > 0 && (t.tags.has('Conjunction') || t.tags.has('Preposition'))) break;
    words.push(t);
    if (/[,;:]/.test(t.post ?? '') || words.length >= 3) break;
  }
  const nextAfter = terms[words.length];
  const ends =
    nextAfter === undefined ||
    /[,;:]/.test(words[words.length - 1].post ?? '') ||
    nextAfter.tags.has('Preposition') ||
    nextAfter.tags.has('Conjunction');
  return (
    ends &&
    words.every((t) => /^[A-Z][A-Za-z]*$/.test(t.text.replace(/[.,;:!?"]+$/, '')) && !t.tags.has('Verb'))
  );
}

const tagOf = (t: Term | undefined): string =>
  t === undefined ? '' : (['Determiner', 'Possessive', 'Pronoun'].find((g) => t.tags.has(g)) ?? '');

/** "two local florists" → "local florist": one of them. */
function singular(plural: string): string {
  return plural
    .split(' ')
    .filter((w) => !/^(\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|all|both)$/i.test(w))
    .join(' ')
    .replace(/ies$/, 'y')
    .replace(/([^s])s$/, '$1');
}

function phrase(terms: Term[], context: ReadingContext, afterVerb = false): string {
  const words: string[] = [];
  let leading = afterVerb;
  let prepositions = 0;
  for (const t of terms) {
    // "the memo that describes the damage": the relative clause is not part of the name.
    if (words.length > 0 && /^(that|which|who|whose)$/.test(t.normal)) break;
    // "finds out that the oven is cold": "that" opens what is found out, not a pronoun for the last object.
    const after = terms[terms.indexOf(t) + 1];
    if (t.normal === 'that' && words.length === 0 && /^(Determiner|Possessive|Pronoun)$/.test(tagOf(after)))
      break;
    if (
      t.tags.has('Determiner') ||
      t.tags.has('Adverb') ||
      HEDGES.test(t.normal) ||
      (t.tags.has('Possessive') && PRONOUN.test(t.normal))
    )
      continue;
    // "ask the translator to check the text": the infinitive is a step of its own, not part of this object.
    if (words.length > 0 && t.normal === 'to' && after?.tags.has('Verb') && !after.tags.has('Gerund')) break;
    if (t.tags.has('Preposition') || PREPOSITIONS_KEPT.has(t.normal)) {
      // "look for conflicts", "ask for corrections": a verb's own preposition leads its object.
      if (words.length === 0 && /^(for|about|with|into|on|to)$/.test(t.normal) && leading) {
        leading = false;
        words.push(t.normal);
        continue;
      }
      if (!PREPOSITIONS_KEPT.has(t.normal) || prepositions >= MAX_PREPOSITIONS || words.length === 0) break;
      // "confirms the transfer of ACME", "sends the results to Northwind Labs": the party a step concerns is
      // its lane in a model, not part of its label.
      const rest = terms.slice(terms.indexOf(t) + 1).filter((u) => !u.tags.has('Determiner'));
      if (/^(of|to|from)$/.test(t.normal) && rest.length > 0 && namesParty(rest)) break;
      prepositions += 1;
      words.push(t.normal);
      continue;
    }
    const index = terms.indexOf(t);
    // "picks one of them": one of the last plural things named.
    if (
      t.normal === 'one' &&
      terms[index + 1]?.normal === 'of' &&
      /^(them|these|those)$/.test(terms[index + 2]?.normal ?? '')
    ) {
      if (words.length === 0 && context.lastPlural) words.push(singular(context.lastPlural));
      break;
    }
    if (t.tags.has('Pronoun') || STOP_OBJECT.has(t.normal)) {
      const plural = /^(they|them|these|those)$/.test(t.normal) ? context.lastPlural : null;
      if (PRONOUN.test(t.normal) && (plural ?? context.lastObject) && words.length === 0)
        words.push((plural ?? context.lastObject) as string);
      else if (words.length > 0) break;
      continue;
    }
    // "the signed contract": a verb form right after an article (or after one such word) is part of the noun phrase.
    const prev = terms[terms.indexOf(t) - 1];
    const following = terms[terms.indexOf(t) + 1];
    // "booking forms", "billing address": an -ing form before a noun names a kind of that noun.
    const modifier =
      t.tags.has('Gerund') &&
      !/^(regarding|concerning|including|following|according|using|containing|excluding|depending)$/.test(
        t.normal,
      ) &&
      following !== undefined &&
      following.tags.has('Noun') &&
      !following.tags.has('Pronoun');
    const inPhrase =
      modifier ||
      (prev !== undefined &&
        (prev.tags.has('Determiner') ||
          prev.tags.has('Possessive') ||
          prev.tags.has('Adjective') ||
          (words.length > 0 &&
            (prev.tags.has('Verb') || prev.tags.has('Adverb') || PREPOSITIONS_KEPT.has(prev.normal)))));
    if (t.tags.has('Conjunction') || t.tags.has('QuestionWord') || (t.tags.has('Verb') && !inPhrase)) break;
    const word = t.text.replace(/[.,;:!?"]+$/g, '');
    // "follow-up" is two terms to the tagger and one word in a label.
    if (words.length > 0 && terms[terms.indexOf(t) - 1]?.post === '-') words[words.length - 1] += `-${word}`;
    else words.push(word);
    if (/[,;:]/.test(t.post ?? '')) break;
    if (words.filter((w) => !PREPOSITIONS_KEPT.has(w)).length >= MAX_OBJECT_WORDS) break;
  }
  while (words.length > 0 && PREPOSITIONS_KEPT.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}

/** The actions a clause states; none when it only sets the scene ("Afterwards", "then the workflow is started"). */
export function analyseClause(clause: string, context: ReadingContext): ClauseAction[] | null {
  // Markup and code are not English: the rule-based reader names such clauses.
  if (/[<>{}]/.test(clause)) return null;
  const all = termsOf(clause);
  // "check whether it has been paid": what follows "whether" is the question, not a step.
  // "…, unless the tenant refuses …", "… so that the queue stays short": a reason or a condition, not a step.
  const question = all.findIndex(
    (t, k) =>
      t.normal === 'whether' ||
      (k > 0 && /^(if|unless|because|although|though)$/.test(t.normal)) ||
      (k > 0 && t.normal === 'that' && all[k - 1].normal === 'so'),
  );
  const terms = question === -1 ? all : all.slice(0, question);
  const actions: ClauseAction[] = [];
  // The subject: the noun phrase before the first verb.
  const firstVerb = terms.findIndex((t) => t.tags.has('Verb'));
  if (firstVerb === -1) return [];
  const subjectTerms = terms
    .slice(0, firstVerb)
    .filter((t) => !t.tags.has('Preposition') || t.normal === 'of');
  const subject = phrase(
    subjectTerms.filter((t) => !t.tags.has('Conjunction') || t.normal === 'and'),
    { lastObject: null, lastActor: null },
  );
  // "it", "they": a pronoun; "this information", "their manager": a noun phrase that names its own head.
  const subjectIsPronoun =
    subject === '' && subjectTerms.some((t) => PRONOUN.test(t.normal) || /^(he|she|who)$/.test(t.normal));
  // A step with a named doer that is not a system is someone's work: a person, a role, a team or a party.
  const subjectIsPerson =
    subjectTerms.some((t) => /^(he|she|who|i|we|you)$/.test(t.normal)) ||
    (subjectIsPronoun
      ? context.lastActor !== null && !SYSTEMS.test(context.lastActor)
      : isPersonPhrase(subject, subjectTerms) ||
        (subject !== '' &&
          !SYSTEMS.test(subject) &&
          !LIFECYCLE.test(subject) &&
          (subjectTerms[0]?.tags.has('Determiner') ||
            subjectTerms.some((t) => t.tags.has('Acronym') || t.tags.has('ProperNoun')))));

  let lastVerbAt = firstVerb;
  let handedOnBefore: boolean = false;
  // "grills the steak and eats it": "it" is the object of the step just read.
  const local: ReadingContext = { ...context };
  const read = (action: ClauseAction) => {
    actions.push(action);
    remember(local, [action]);
  };
  for (let i = firstVerb; i < terms.length; i++) {
    const t = terms[i];
    if (!t.tags.has('Verb')) continue;
    // Passive: "is reserved", "are informed", "gets approved" — the subject is the object.
    if (isCopula(t)) {
      const next = terms.slice(i + 1).findIndex((u) => !u.tags.has('Adverb') && u.normal !== 'not');
      const participle = next === -1 ? undefined : terms[i + 1 + next];
      if (participle && isParticiple(participle)) {
        const verb = verbRoot(participle);
        if (STATIVE.has(verb)) continue;
        // "the form is not stamped": what is not done is no step.
        if (negated(terms, i + 1 + next)) continue;
        // "rooms that are booked by guests": the relative clause describes the noun.
        if (describesNoun(terms, i, false)) continue;
        // The passive's subject is the noun phrase right before "is"/"are", not the clause's first one.
        let from = i;
        while (
          from > 0 &&
          !terms[from - 1].tags.has('Verb') &&
          !/^(and|or|but|that|which|who)$/.test(terms[from - 1].normal)
        )
          from -= 1;
        const near = from > firstVerb ? phrase(terms.slice(from, i), local) : '';
        const ownSubject = near || (subjectIsPronoun || subject === '' ? '' : subject);
        // "they are checked": a plural pronoun stands for the last plural thing named.
        const plural = subjectTerms.some((u) => /^(they|these|those)$/.test(u.normal))
          ? context.lastPlural
          : null;
        const object = ownSubject || (plural ?? local.lastObject ?? '');
        const by = terms.slice(i + 2 + next).findIndex((u) => u.normal === 'by');
        const actor = by === -1 ? null : phrase(terms.slice(i + 3 + next + by), context) || null;
        if (isFlowItself(verb, object)) {
          // The participle was read here; it is not a verb of its own.
          i = i + 1 + next;
          continue;
        }
        read({
          label: capitalise(`${verb} ${object}`.trim()),
          verb,
          object,
          actor,
          byPerson: actor !== null && isPersonPhrase(actor, []),
          alternatives: null,
          passive: true,
        });
        i = i + 1 + next;
      }
      continue;
    }
    if (!isVerb(t) || (t.tags.has('Gerund') && !progressive(terms, i)) || PARTICLE.test(t.normal)) continue;
    // "may not leave the building": what is not done is no step.
    if (negated(terms, i)) continue;
    if (i > 0 && terms[i - 1].post === '-') continue;
    if (i > 0 && (terms[i - 1].tags.has('Determiner') || terms[i - 1].tags.has('Possessive'))) continue;
    // "needs to decide", "has to check": the verb after "to" is the step.
    if (CATENATIVE.test(t.normal) && terms[i + 1]?.normal === 'to') continue;
    // "asks the porter to fetch the bags and to load the van": an infinitive joined to a step handed on
    // is handed on too.
    const handedOnToo: boolean =
      handedOnBefore && i > 2 && terms[i - 1].normal === 'to' && /^(and|or)$/.test(terms[i - 2].normal);
    // "ask the customer to confirm …": an infinitive completes the step before it; "the sorting is done
    // to prevent …": an infinitive after any verb says what the step is for.
    if (
      !handedOnToo &&
      i > 1 &&
      terms[i - 1].normal === 'to' &&
      !CATENATIVE.test(terms[i - 2].normal) &&
      ((actions.length > 0 && !delegated(terms, i)) ||
        // "is done to …" is done for a purpose; "is necessary to …" says the step is needed.
        ((terms[i - 2].tags.has('Verb') || /(?:ed|en|one)$/.test(terms[i - 2].normal)) &&
          !isCopula(terms[i - 2])))
    )
      continue;
    const verb = verbRoot(t);
    if (STATIVE.has(verb) || (verb === 'take' && terms[i + 1]?.normal === 'place')) continue;
    // "the label attached to the parcel", "a memo that describes the damage": a verb describing a noun
    // already named (a relative clause) says what that thing is, not a further step.
    if (describesNoun(terms, i, actions.length > 0)) continue;
    // A further step in the same clause is coordinated with the one before ("checks the form and files
    // it"); a verb inside the object phrase without "and" or a comma belongs to that phrase.
    const handedOn: boolean = handedOnToo || (i > 1 && terms[i - 1].normal === 'to' && delegated(terms, i));
    handedOnBefore = handedOn;
    if (actions.length > 0 && !handedOn && !coordinated(terms, lastVerbAt, i)) continue;
    lastVerbAt = i;
    // "check and repair the hardware", "reject or accept the order": verbs sharing one object.
    const verbs = [verb];
    let j = i + 1;
    let alternative = false;
    while (
      j + 1 < terms.length &&
      (terms[j].normal === 'and' || terms[j].normal === 'or') &&
      isVerb(terms[j + 1]) &&
      !STATIVE.has(verbRoot(terms[j + 1]))
    ) {
      alternative ||= terms[j].normal === 'or';
      verbs.push(verbRoot(terms[j + 1]));
      j += 2;
    }
    // Phrasal particles: "fill out", "scale out", "send back" stay with their verb.
    const particles: string[] = [];
    while (j < terms.length && (terms[j].tags.has('Particle') || PARTICLE.test(terms[j].normal)))
      particles.push(terms[j++].normal);
    const object = phrase(terms.slice(j), local, true);
    const verbPhrase = [verbs.join(alternative ? ' or ' : ' and '), ...particles].join(' ');
    const label = capitalise(`${verbPhrase} ${object}`.trim());
    // "the process starts every Monday": the flow's own start or end, an event rather than a step.
    if (isFlowItself(verb, object) || (LIFECYCLE.test(subject) && FLOW_VERB.test(verb))) continue;
    // "the client receives the parcel": the far end of something the process sent, no work of its own.
    if (verb === 'receive' && SERVED.test(subjectHead(subject, subjectIsPronoun ? context.lastActor : null)))
      continue;
    // A verb with nothing it acts on ("based on", "up to") names no step of work.
    if (object === '' && !INTRANSITIVE_STEPS.test(verb)) {
      i = j - 1;
      continue;
    }
    read({
      label,
      verb,
      object,
      actor: subjectIsPronoun ? context.lastActor : subject || null,
      byPerson: subjectIsPerson,
      alternatives: alternative ? verbs.map((v) => capitalise(`${v} ${object}`.trim())) : null,
      passive: false,
    });
    i = j - 1;
  }
  if (LIFECYCLE.test(subject) && actions.every((a) => a.object === subject)) return [];
  return actions;
}

/** The clause reports something happening ("the van arrives"), not a state ("the van is late"). */
export function statesAnEvent(clause: string): boolean {
  if (/[<>{}]/.test(clause)) return false;
  return termsOf(clause).some(
    (t) => isVerb(t) && !isCopula(t) && !t.tags.has('Gerund') && !STATIVE.has(verbRoot(t)),
  );
}

/** The noun phrase after "is"/"are a …": "the next step is a formal tasting" → "formal tasting". */
function predicateNoun(terms: Term[]): string {
  const copula = terms.findIndex((t) => /^(is|are|was|were)$/.test(t.normal));
  if (copula === -1 || !terms[copula + 1]?.tags.has('Determiner')) return '';
  return phrase(terms.slice(copula + 1), { lastObject: null, lastActor: null }).replace(
    / (?:to|for|from|with|into|on|of|about|in) .*$/,
    '',
  );
}

/** "returning" → "return", "making" → "make": the verb a gerund is made from. */
export function infinitiveOf(gerund: string): string {
  const [term] = termsOf(gerund);
  return term ? verbRoot(term) : gerund;
}

/** Loads the tagger's lexicon (≈ 1 s) at start-up rather than in the first request. */
export function warmUpTagger(): void {
  tag('The clerk checks the form.');
}

/** After reading a clause: what "it" and "he" refer to next. */
export function remember(context: ReadingContext, actions: ClauseAction[] | null, clause?: string): void {
  const last = actions?.[actions.length - 1];
  if (!last) {
    // "The next step is a formal tasting. It is held by …": what a step-less clause names is "it".
    const named = clause === undefined || /[<>{}]/.test(clause) ? '' : predicateNoun(termsOf(clause));
    if (named) context.lastObject = named;
    return;
  }
  for (const action of actions ?? []) {
    const object = action.object.replace(/ (?:to|for|from|with|into|on|of|about|in) .*$/, '');
    if (!object) continue;
    context.lastObject = object;
    if (/[^s]s$/.test(object)) context.lastPlural = object;
  }
  if (last.actor) context.lastActor = last.actor;
}
