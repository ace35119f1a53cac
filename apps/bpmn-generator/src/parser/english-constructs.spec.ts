import { ProcessGraph } from '../graph/process-graph';
import { GraphCompiler } from './graph-compiler';
import { parseDescription } from './text-parser';

/** Each construct of plain English the offline reader handles, in descriptions written for this test. */
const graphOf = (text: string): ProcessGraph =>
  new GraphCompiler().compile(parseDescription(text), { processId: 'Constructs' });
const kinds = (g: ProcessGraph, kind: string) => g.nodes.filter((n) => n.kind === kind);
const tasks = (g: ProcessGraph) =>
  g.nodes.filter((n) => n.kind === 'serviceTask' || n.kind === 'userTask').map((n) => n.name);
const conditions = (g: ProcessGraph) => g.flows.filter((f) => f.condition).map((f) => f.condition);
/** A cycle in the flows: some node reaches itself. */
const loops = (g: ProcessGraph) => {
  const next = (id: string) => g.flows.filter((f) => f.source === id).map((f) => f.target);
  return g.nodes.some((start) => {
    const seen = new Set<string>();
    const stack = next(start.id);
    while (stack.length) {
      const id = stack.pop()!;
      if (id === start.id) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...next(id));
    }
    return false;
  });
};

describe('English constructs', () => {
  it('one activity per clause, labelled verb + object, people as user tasks with their group', () => {
    const sut = graphOf(
      'The librarian scans the returned books and updates the catalogue. The sorting machine shelves them.',
    );

    // "them" is the books the clause before named.
    expect(tasks(sut)).toEqual(['Scan returned books', 'Update catalogue', 'Shelve returned books']);
    expect(sut.nodes.find((n) => n.name === 'Scan returned books')).toMatchObject({
      kind: 'userTask',
      candidateGroups: ['librarians'],
    });
    expect(sut.nodes.find((n) => n.name === 'Shelve returned books')?.kind).toBe('serviceTask');
  });

  it('a team named as the doer does user work', () => {
    const sut = graphOf('The quality team reviews the batch record.');

    expect(sut.nodes.find((n) => n.name === 'Review batch record')).toMatchObject({
      kind: 'userTask',
      candidateGroups: ['quality'],
    });
  });

  it('"in the former case" / "in the latter case" fill the branches of a choice', () => {
    const sut = graphOf(
      'The tutor can accept or reject the essay. In the former case, the office records the grade. In the latter case, the student rewrites the essay.',
    );

    expect(kinds(sut, 'exclusiveGateway').length).toBeGreaterThanOrEqual(1);
    expect(conditions(sut)).toEqual(["${essayDecision == 'accept'}"]);
    const gateway = sut.flows.find((f) => f.condition)!.source;
    const targets = sut.flows
      .filter((f) => f.source === gateway)
      .map((f) => sut.nodes.find((n) => n.id === f.target)?.name);
    expect(targets.sort()).toEqual(['Record grade', 'Rewrite essay']);
  });

  it('two clauses joined by "or" are the cases of one decision', () => {
    const sut = graphOf('The landlord renews the lease or the landlord ends the tenancy.');

    expect(kinds(sut, 'exclusiveGateway')).toHaveLength(2);
    expect(tasks(sut).sort()).toEqual(['End tenancy', 'Renew lease']);
  });

  it('"otherwise" after a plain step makes that step one case of a decision', () => {
    const sut = graphOf(
      'Now and then the inspector requests extra photos, otherwise the inspector closes the case.',
    );

    expect(sut.flows.filter((f) => f.isDefault)).toHaveLength(1);
    expect(conditions(sut)).toHaveLength(1);
  });

  it('colon cases become one decision with a branch each', () => {
    const sut = graphOf(
      'Sort the letter. Registered mail: log the barcode. Ordinary mail: put it in the tray.',
    );

    const gateways = kinds(sut, 'exclusiveGateway').filter((g) => g.name !== 'Merge');
    expect(gateways).toHaveLength(1);
    expect(conditions(sut)).toHaveLength(2);
  });

  it('"meanwhile" and "while" fork and join', () => {
    for (const text of [
      'The chef marinates the fish. Meanwhile, the waiter lays the tables.',
      'While the chef marinates the fish, the waiter lays the tables.',
    ]) {
      const sut = graphOf(text);
      expect(kinds(sut, 'parallelGateway')).toHaveLength(2);
      expect(tasks(sut).sort()).toEqual(['Lay tables', 'Marinate fish']);
    }
  });

  it('"in parallel" at the end of a clause forks the listed steps instead of naming a task', () => {
    const sut = graphOf('Notify the landlord and book the movers in parallel.');

    expect(kinds(sut, 'parallelGateway')).toHaveLength(2);
    expect(tasks(sut).every((t) => !/parallel/i.test(t))).toBe(true);
  });

  it('"and meanwhile" inside a sentence runs the clause after it beside the clause before it', () => {
    for (const connective of ['and meanwhile', 'and in the meantime', 'and at the same time']) {
      const sut = graphOf(`The baker kneads the dough, ${connective} the apprentice greases the tins.`);

      expect(kinds(sut, 'parallelGateway')).toHaveLength(2);
      expect(tasks(sut).sort()).toEqual(['Grease tins', 'Knead dough']);
    }
  });

  it('a lead that announces concurrent work forks the actions it lists, keeping a coordinated noun phrase whole', () => {
    for (const text of [
      'Two concurrent activities follow, namely the porter collects the luggage and the driver washes the van.',
      'Several things happen in parallel: the porter collects the luggage and the coats, and the driver washes the van.',
    ]) {
      const sut = graphOf(text);

      expect(kinds(sut, 'parallelGateway')).toHaveLength(2);
      expect(tasks(sut)).toHaveLength(2);
      expect(tasks(sut)).toContain('Wash van');
    }
  });

  it("an unconditional end that the description goes on after ends one party's part, not the steps told after it", () => {
    const sut = graphOf(
      'The courier delivers the parcel; then the process ends. The depot later files the receipt.',
    );

    expect(tasks(sut)).toEqual(['Deliver parcel', 'File receipt']);
  });

  it('an infinitive joined by "and to" to work handed on is handed on too', () => {
    const sut = graphOf(
      'The host hands a request to the steward to chill the champagne and to pour the red wine.',
    );

    expect(tasks(sut)).toEqual(['Hand request to steward', 'Chill champagne', 'Pour red wine']);
  });

  it('"after <doing something>" leading a sentence is the doer\'s own earlier step, unless told already or an arrival', () => {
    const sut = graphOf('After rinsing the glasses, the barman polishes the counter.');

    expect(tasks(sut)).toEqual(['Rinse glasses', 'Polish counter']);
    // The doer of the main clause does the step told in the lead.
    expect(sut.nodes.find((n) => n.name === 'Rinse glasses')?.kind).toBe(
      sut.nodes.find((n) => n.name === 'Polish counter')?.kind,
    );
    expect(
      tasks(
        graphOf('The barman rinses the glasses. After rinsing the glasses, the barman polishes the counter.'),
      ),
    ).toEqual(['Rinse glasses', 'Polish counter']);
    expect(tasks(graphOf('After receiving the invoice, the clerk books the payment.'))).toEqual([
      'Book payment',
    ]);
  });

  it('an infinitive clause on its own says what a step is for and adds no step', () => {
    for (const text of [
      'The mechanic tightens the bolts, to be sure the wheel holds.',
      'The mechanic tightens the bolts, in order to keep the wheel steady.',
    ])
      expect(tasks(graphOf(text))).toEqual(['Tighten bolts']);
  });

  it('"again" and "until" loop back', () => {
    expect(
      loops(
        graphOf(
          'The printer prints a test page. The technician aligns the heads. Then the printer prints a test page again.',
        ),
      ),
    ).toBe(true);
    expect(loops(graphOf('Polish the lens until the surface is smooth.'))).toBe(true);
  });

  it('a step not told before that comes with "again" is done on the way back, not lost', () => {
    const sut = graphOf(
      'The author writes the draft. The author submits the draft. Then the author revises the draft and submits it again.',
    );

    expect(tasks(sut)).toEqual(['Write draft', 'Submit draft', 'Revise draft']);
    expect(loops(sut)).toBe(true);
  });

  it('"if X has not happened within N days" is a timer on the step before, and its consequence is kept', () => {
    const sut = graphOf(
      'Send the quote. If the client has not replied within 10 days, close the opportunity.',
    );

    expect(sut.boundaries).toEqual([
      expect.objectContaining({
        event: { type: 'timer', timer: { kind: 'duration', value: 'P10D' }, interrupting: true },
      }),
    ]);
    expect(tasks(sut)).toContain('Close opportunity');
    expect(conditions(sut).join(' ')).not.toMatch(/within|Days/i);
  });

  it('a leading "within N days, X does Y" times Y, not the step before it', () => {
    const sut = graphOf('The tenant hands back the keys. Within 3 days, the landlord inspects the flat.');

    expect(sut.boundaries).toHaveLength(1);
    expect(sut.boundaries[0].event).toMatchObject({ type: 'timer', timer: { value: 'P3D' } });
    expect(sut.nodes.find((n) => n.id === sut.boundaries[0].attachedTo)?.name).toBe('Inspect flat');
  });

  it('"if no X is received within N days" gives its consequence to the deadline stated before', () => {
    const sut = graphOf(
      'The office mails the survey to the tenant. The tenant should return it within 4 days. ' +
        'If no answer is received after 4 days, the office phones the tenant.',
    );

    expect(sut.boundaries).toEqual([
      expect.objectContaining({
        event: { type: 'timer', timer: { kind: 'duration', value: 'P4D' }, interrupting: true },
      }),
    ]);
    expect(tasks(sut).some((t) => /overdue/i.test(t))).toBe(false);
    expect(tasks(sut)).toContain('Phone tenant');
  });

  it('a party that terminates the process ends it', () => {
    const sut = graphOf(
      'Check the deposit. If it is missing, the landlord terminates the process. Hand over the keys.',
    );

    expect(kinds(sut, 'end').length).toBeGreaterThanOrEqual(2);
    expect(tasks(sut)).toEqual(['Check deposit', 'Hand over keys']);
  });

  it('"wait N days before <step> if <condition>" keeps the step, behind the wait and the condition', () => {
    const sut = graphOf(
      'Ship the parcel. Wait 3 days before calling the customer if the parcel is undelivered.',
    );

    expect(kinds(sut, 'timerCatch')).toEqual([
      expect.objectContaining({ timer: { kind: 'duration', value: 'P3D' } }),
    ]);
    expect(tasks(sut)).toContain('Call customer');
    expect(conditions(sut)).toEqual(['${parcelUndelivered}']);
  });

  it('a message from another party is a message catch event', () => {
    const sut = graphOf('Send the offer. Wait for the signed offer from the buyer. Then book the sale.');

    expect(kinds(sut, 'messageCatch')).toHaveLength(1);
  });

  it('"when <something happens>" is a moment, not a condition', () => {
    const sut = graphOf('Open the shop. When the van arrives, the clerk unloads the boxes.');

    expect(kinds(sut, 'exclusiveGateway')).toEqual([]);
    expect(tasks(sut)).toEqual(['Open shop', 'Unload boxes']);
  });

  it('"for the case that" and "in the event that" open a condition like "if", so the steps after a branch ending are kept', () => {
    const sut = graphOf(
      'The porter weighs the parcel. For the case that the parcel is too heavy, the porter splits the load and the process ends. ' +
        'In the event that the label is torn, the porter prints a new label. The porter loads the van.',
    );

    expect(kinds(sut, 'exclusiveGateway').length).toBeGreaterThanOrEqual(2);
    expect(tasks(sut)).toEqual(['Weigh parcel', 'Split load', 'Print new label', 'Load van']);
  });

  it('"once it is done" restates a step in the passive and adds none; a moment in the active voice still does', () => {
    const sut = graphOf(
      'The tailor measures the client. Once the client is measured, the tailor cuts the cloth. ' +
        'Once the apprentice irons the seams, the tailor sews the jacket.',
    );

    expect(tasks(sut)).toEqual(['Measure client', 'Cut cloth', 'Iron seams', 'Sew jacket']);
  });

  it('conditions are named from whole words', () => {
    const sut = graphOf(
      'Check the claim. If it is covered and the amount is under 500, pay it. Otherwise refer it to an adjuster.',
    );

    for (const condition of conditions(sut))
      expect(condition).toMatch(
        /^\$\{[a-z][A-Za-z]*( [<>=!]+ [\w.']+)?( && [a-z][A-Za-z]*( [<>=!]+ [\w.']+)?)*\}$/,
      );
  });
});
