import { baseVerb, imperative, taskFromClause, topicFor } from './task-naming.util';

describe('task naming', () => {
  it.each([
    ['validates', 'validate'],
    ['approved', 'approve'],
    ['sends', 'send'],
    ['notified', 'notify'],
    ['processes', 'process'],
    ['shipped', 'ship'],
    ['checked', 'check'],
  ])('%s → %s', (word, base) => {
    expect(baseVerb(word)).toBe(base);
  });

  it('turns third person and passive voice into an imperative with its actor', () => {
    expect(imperative('The system validates the payment')).toEqual({
      phrase: 'validate payment',
      actor: null,
    });
    expect(imperative('the invoice is approved by the finance team')).toEqual({
      phrase: 'approve invoice',
      actor: 'the finance team',
    });
    expect(imperative('Then the manager must approve the request')).toEqual({
      phrase: 'approve request',
      actor: 'manager',
    });
  });

  it('makes people work a user task with a candidate group and an approval form', () => {
    const sut = taskFromClause('The legal team reviews the contract');

    expect(sut).toEqual({
      kind: 'userTask',
      name: 'Review contract',
      topic: 'review-contract',
      candidateGroups: ['legal'],
      formFields: [
        { id: 'approved', label: 'Approved?', type: 'boolean' },
        { id: 'comment', label: 'Comment', type: 'string' },
      ],
    });
  });

  it('makes system work an external service task with a topic', () => {
    const sut = taskFromClause('then send the confirmation e-mail to the customer');

    expect(sut).toMatchObject({
      kind: 'serviceTask',
      name: 'Send confirmation e-mail to customer',
      topic: 'send-confirmation-e-mail',
    });
  });

  it('falls back to a default group when no role is named', () => {
    expect(taskFromClause('Approve the budget').candidateGroups).toEqual(['approvers']);
    expect(taskFromClause('Inspect the returned goods').candidateGroups).toEqual(['reviewers']);
  });

  it('keeps topics lowercase, dash-separated and starting with a letter', () => {
    expect(topicFor('3 Way Match')).toBe('task-3-way-match');
    expect(topicFor('<script>alert(1)</script>')).toBe('script-alert-1-script');
  });
});
