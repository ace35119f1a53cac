import { analyseClause, ReadingContext, remember } from './clause-analysis';

const fresh = (): ReadingContext => ({ lastObject: null, lastActor: null });

describe('analyseClause', () => {
  it('reads a reported step as verb + object, with its doer', () => {
    const sut = analyseClause('The steward inspects the life jackets', fresh());

    expect(sut).toEqual([
      expect.objectContaining({
        label: 'Inspect life jackets',
        verb: 'inspect',
        actor: 'steward',
        byPerson: true,
      }),
    ]);
  });

  it('reads two coordinated steps as two actions', () => {
    const sut = analyseClause('The baker weighs the flour and kneads the dough', fresh());

    expect(sut?.map((a) => a.label)).toEqual(['Weigh flour', 'Knead dough']);
  });

  it('turns the passive voice into an instruction on its subject, resolving "it" to the last object named', () => {
    const context = fresh();
    remember(context, analyseClause('The porter collects the parcel', context));

    const sut = analyseClause('it is weighed by the clerk', context);

    expect(sut).toEqual([expect.objectContaining({ label: 'Weigh parcel', actor: 'clerk', byPerson: true })]);
  });

  it('resolves a plural pronoun in the passive to the last plural thing named', () => {
    const context = fresh();
    remember(context, analyseClause('The porter collects the parcels', context));
    remember(context, analyseClause('The porter greets the driver', context));

    expect(analyseClause('they are weighed by the clerk', context)?.[0].label).toBe('Weigh parcels');
  });

  it('resolves "it" to what a step-less clause named last ("the next step is a tasting")', () => {
    const context = fresh();
    remember(context, analyseClause('The chef cooks the soup', context));
    const clause = 'The next step is a formal tasting';
    remember(context, analyseClause(clause, context), clause);

    expect(analyseClause('It is held by the sommelier', context)?.[0].label).toBe('Hold formal tasting');
  });

  it('resolves "it" to the step just read in the same clause, and "one of them" to one of the last plural', () => {
    expect(analyseClause('The cook grills the steak and eats it', fresh())?.map((a) => a.label)).toEqual([
      'Grill steak',
      'Eat steak',
    ]);
    const context = fresh();
    remember(context, analyseClause('The buyer asks two florists for offers', context));
    remember(context, analyseClause('The buyer compares the bouquets', context));

    expect(analyseClause('she picks one of them', context)?.[0].label).toBe('Pick bouquet');
  });

  it('does not take the "that" of a reported fact for a pronoun', () => {
    const context = fresh();
    remember(context, analyseClause('The baker bakes the cake', context));

    expect(analyseClause('the baker finds out that the oven is cold', context)).toEqual([]);
  });

  it('reads verbs sharing one object joined by "or" as alternatives', () => {
    const sut = analyseClause('The jury can approve or refuse the entry', fresh());

    expect(sut?.[0]).toMatchObject({
      label: 'Approve or refuse entry',
      alternatives: ['Approve entry', 'Refuse entry'],
    });
  });

  it('finds no step in scene-setting, in what is not done, and in a bare connector', () => {
    expect(analyseClause('The bakery is a family business', fresh())).toEqual([]);
    expect(analyseClause('Samples may not leave the laboratory', fresh())).toEqual([]);
    expect(analyseClause('Afterwards', fresh())).toEqual([]);
    expect(analyseClause('Halfway the month', fresh())).toEqual([]);
  });

  it('reads instructions whose verb the tagger takes for a noun', () => {
    expect(analyseClause('page the duty nurse', fresh())?.map((a) => a.label)).toEqual(['Page duty nurse']);
    expect(analyseClause('the desk officer files the complaint', fresh())?.map((a) => a.label)).toEqual([
      'File complaint',
    ]);
  });

  it('keeps a phrasal particle with its verb and stops before the question of a "whether"', () => {
    expect(analyseClause('scale out the web servers', fresh())?.[0].label).toBe('Scale out web servers');
    expect(analyseClause('check whether the seal has been broken', fresh())).toEqual([]);
  });

  it('tells a system from a person', () => {
    const [machine] = analyseClause('The billing system issues the invoice', fresh()) ?? [];

    expect(machine).toMatchObject({ label: 'Issue invoice', byPerson: false });
  });

  it('reads a name the tagger takes for a verb as the subject when the clause has its own verb', () => {
    expect(analyseClause('Service Desk logs the call', fresh())?.map((a) => a.label)).toEqual(['Log call']);
    expect(
      analyseClause('The form goes to a planner who schedules the repair', fresh())?.map((a) => a.label),
    ).toEqual(['Schedule repair']);
  });

  it('leaves relative clauses and participles describing a noun out of the steps and the label', () => {
    expect(
      analyseClause('The clerk files the memo that describes the damage', fresh())?.map((a) => a.label),
    ).toEqual(['File memo']);
    expect(
      analyseClause('The cashier takes the fees attached to the letter', fresh())?.map((a) => a.label),
    ).toEqual(['Take fees']);
  });

  it('names the work, not the party it concerns nor the narrative hedges', () => {
    expect(analyseClause('The registrar confirms the necessary transfer of ACME', fresh())?.[0].label).toBe(
      'Confirm transfer',
    );
    expect(analyseClause('the lab sends the results to Northwind Labs', fresh())?.[0].label).toBe(
      'Send results',
    );
    expect(analyseClause('the bank rejects the claim of the ACME or the BETA', fresh())?.[0].label).toBe(
      'Reject claim',
    );
    expect(analyseClause('the lab sends the results to the ward', fresh())?.[0].label).toBe(
      'Send results to ward',
    );
  });

  it('gives irregular participles their verb', () => {
    expect(analyseClause('The parcel label is written by the clerk', fresh())?.[0].label).toBe(
      'Write parcel label',
    );
  });

  it('finds no step in the process starting itself, in generic "steps are taken", in a negation or a reason', () => {
    expect(analyseClause('a new process instance is started', fresh())).toEqual([]);
    expect(analyseClause('The workflow starts with a call from the depot', fresh())).toEqual([]);
    expect(analyseClause('the payment deadline is reached', fresh())).toEqual([]);
    expect(analyseClause('the client receives the parcel', fresh())).toEqual([]);
    expect(analyseClause('the depot receives the parcel', fresh())?.[0].label).toBe('Receive parcel');
    expect(analyseClause('the next steps are taken', fresh())).toEqual([]);
    expect(analyseClause('the step is carried out to find spare parts', fresh())).toEqual([]);
    expect(analyseClause('They have not yet signed the lease', fresh())).toEqual([]);
    expect(
      analyseClause('The courier leaves the parcel unless the tenant refuses it', fresh())?.map(
        (a) => a.label,
      ),
    ).toEqual(['Leave parcel']);
  });

  it('reads work handed on to staff as their step, and an infinitive of purpose as no step', () => {
    expect(
      analyseClause('The editor asks the translator to check the text', fresh())?.map((a) => a.label),
    ).toEqual(['Ask translator', 'Check text']);
    expect(
      analyseClause('The clerk asks the customer to sign the form', fresh())?.map((a) => a.label),
    ).toEqual(['Ask customer']);
    expect(analyseClause('The sorting is done to shorten the delivery', fresh())).toEqual([]);
    expect(
      analyseClause('now and then it is necessary to post a form to the tenant', fresh())?.[0].label,
    ).toBe('Post form to tenant');
    expect(
      analyseClause('the desk makes a request to reprint the badge', fresh())?.map((a) => a.label),
    ).toEqual(['Make request', 'Reprint badge']);
  });

  it('reads the progressive as the step, but not a state of waiting', () => {
    expect(analyseClause('The tutor is marking the essays', fresh())?.map((a) => a.label)).toEqual([
      'Mark essays',
    ]);
    expect(analyseClause('The order is awaiting payment', fresh())).toEqual([]);
  });

  it('leaves markup to the rules', () => {
    expect(analyseClause('<b>ship</b> the crate', fresh())).toBeNull();
  });
});
