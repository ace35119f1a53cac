import { parseDescription, splitSentences } from './text-parser';

describe('parseDescription', () => {
  it('reads a comma-separated list as a sequence of tasks', () => {
    const sut = parseDescription('Receive order, validate payment, ship product, send confirmation');

    expect(sut.steps.map((s) => (s.kind === 'task' ? s.task.name : s.kind))).toEqual([
      'Receive order',
      'Validate payment',
      'Ship product',
      'Send confirmation',
    ]);
    expect(sut.start).toEqual({ type: 'none' });
  });

  it('drops lettered list markers, asides in brackets and "i.e." from the labels', () => {
    const sut = parseDescription(
      'a) The clerk stamps the form (in red ink). b) The clerk files the form, i.e. the clerk archives it.',
    );

    expect(sut.steps.map((s) => (s.kind === 'task' ? s.task.name : s.kind))).toEqual([
      'Stamp form',
      'File form',
      'Archive form',
    ]);
  });

  it('reads if/otherwise as a decision with a condition and a default branch', () => {
    const sut = parseDescription(
      'If the amount is over 1000, a manager approves it. Otherwise, approve it automatically.',
    );

    expect(sut.steps).toHaveLength(1);
    expect(sut.steps[0]).toMatchObject({
      kind: 'decision',
      branches: [
        {
          condition: { expression: '${amount > 1000}' },
          steps: [{ kind: 'task', task: { kind: 'userTask', candidateGroups: ['managers'] } }],
        },
      ],
      otherwise: [{ kind: 'task', task: { kind: 'serviceTask' } }],
    });
  });

  it('merges consecutive ifs on the same variable into one multi-way decision', () => {
    const sut = parseDescription(
      'If the priority is high, page the engineer. If it is low, log it. Otherwise create a ticket.',
    );

    const decision = sut.steps[0];
    expect(decision.kind === 'decision' && decision.branches.map((b) => b.condition.expression)).toEqual([
      "${priority == 'high'}",
      "${priority == 'low'}",
    ]);
    expect(decision.kind === 'decision' && decision.otherwise?.length).toBe(1);
  });

  it.each([
    'At the same time, notify the warehouse, update the CRM and send an invoice',
    'Notify the warehouse, update the CRM and send an invoice in parallel',
    'Notify the warehouse, update the CRM and send an invoice in any order',
  ])('reads "%s" as three parallel branches', (text) => {
    const sut = parseDescription(text);

    expect(sut.steps[0]).toMatchObject({ kind: 'parallel' });
    expect(sut.steps[0].kind === 'parallel' && sut.steps[0].branches).toHaveLength(3);
  });

  it('reads waits, deadlines, reminders and retries', () => {
    const sut = parseDescription(
      'Call the credit bureau, retrying up to 4 times every 10 seconds. Wait 2 days. The manager approves the loan within 3 hours. Send a reminder every hour. Wait for the signed contract for up to 5 days.',
    );

    expect(sut.steps).toMatchObject([
      { kind: 'task', task: { name: 'Call credit bureau' }, retry: { times: 4, interval: 'PT10S' } },
      { kind: 'timer', duration: 'P2D' },
      {
        kind: 'task',
        task: { kind: 'userTask' },
        deadline: { duration: 'PT3H', interrupting: true },
        reminder: { cycle: 'R/PT1H' },
      },
      { kind: 'message', message: 'SignedContract', timeout: { duration: 'P5D' } },
    ]);
  });

  it('reads a timer start and a message start from the first sentence', () => {
    expect(parseDescription('Every 5 minutes, fetch new orders.').start).toEqual({
      type: 'timer',
      cycle: 'R/PT5M',
    });
    expect(parseDescription('When an invoice is received, book it.').start).toEqual({
      type: 'message',
      message: 'InvoiceReceived',
    });
  });

  it('reads escalations, going back, failure paths and saga phrasing', () => {
    const sut = parseDescription(
      'Reserve the seats. Charge the card. If it fails, notify the customer. Escalate to the support team. If the booking is incomplete, go back to reserving the seats. If any step fails, roll back the completed steps.',
    );

    expect(sut.saga).toBe(true);
    expect(sut.steps).toMatchObject([
      { kind: 'task', task: { name: 'Reserve seats' } },
      {
        kind: 'task',
        task: { name: 'Charge card' },
        onFailure: [{ kind: 'task', task: { name: 'Notify customer' } }],
      },
      { kind: 'escalate', group: 'support' },
      { kind: 'decision', branches: [{ steps: [{ kind: 'goto', target: 'reserving the seats' }] }] },
    ]);
  });

  it('reads text it does not understand as named tasks and says so', () => {
    const sut = parseDescription('Lorem ipsum dolor sit amet. Quux the frobnicator');

    expect(sut.steps.map((s) => s.kind)).toEqual(['task', 'task']);
    expect(sut.unrecognised).toEqual(['Lorem ipsum dolor sit amet', 'Quux the frobnicator']);
  });

  it('splits sentences on punctuation, line breaks and bullets but not on decimals', () => {
    expect(splitSentences('- Wait 1.5 hours\n* Ship it. Otherwise stop; done')).toEqual([
      'Wait 1.5 hours',
      'Ship it',
      'Otherwise stop',
      'done',
    ]);
  });

  it('ends a sentence at "etc." when a capital follows, and keeps one together when it does not', () => {
    expect(
      splitSentences('The porter stacks the crates, pallets, etc. If a crate is damaged, he reports it.'),
    ).toEqual(['The porter stacks the crates, pallets, etc', 'If a crate is damaged, he reports it']);
    expect(splitSentences('Crates, pallets, etc. are stacked by the porter.')).toEqual([
      'Crates, pallets, etc. are stacked by the porter',
    ]);
  });

  it('keeps a condition after a list that ends in "etc."', () => {
    const sut = parseDescription(
      'The clerk collects the receipts, tickets, etc. If the total is above 500, the manager approves the claim. The clerk archives the claim.',
    );

    expect(sut.steps.map((s) => s.kind)).toEqual(['task', 'decision', 'task']);
  });

  it('reads "that is" as a connective only as whole words ("that issued" is no announcement)', () => {
    const sut = parseDescription(
      'At the same time the clerk checks the records that issued the permits and the inspector signs the report.',
    );

    expect(JSON.stringify(sut.steps)).not.toMatch(/Sue /);
  });

  it('reads a long run of spaces like one', () => {
    expect(splitSentences(`Ship the parcel.${' '.repeat(5_000)}Send the invoice.`)).toEqual([
      'Ship the parcel',
      'Send the invoice',
    ]);
  });
});
