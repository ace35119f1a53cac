import { camelCase, parseCondition } from './condition.util';

describe('parseCondition', () => {
  it.each([
    ['the amount is over 1000', '${amount > 1000}'],
    ['the order total exceeds $2,500', '${orderTotal > 2500}'],
    ['the score is below 600', '${score < 600}'],
    ['the score is at least 600', '${score >= 600}'],
    ['the discount is at most 15%', '${discount <= 15}'],
    ['the budget is more than 1.5k', '${budget > 1500}'],
    ['the priority is high', "${priority == 'high'}"],
    ['the customer type is not gold', "${customerType != 'gold'}"],
    ['the customer is a VIP', '${customerVip}'],
    ['changes are needed', '${changesNeeded}'],
    ['approved', '${approved}'],
    ['the manager rejects it', '${!approved}'],
    ['it is not approved', '${!approved}'],
    ['not paid', '${!paid}'],
  ])('%s → %s', (text, expression) => {
    expect(parseCondition(text).expression).toBe(expression);
  });

  it('resolves a pronoun to the previous variable', () => {
    const sut = parseCondition('it is medium', 'priority');

    expect(sut).toMatchObject({ expression: "${priority == 'medium'}", variable: 'priority' });
  });

  it('keeps quotes, braces and code out of the expression', () => {
    const sut = parseCondition("the status is '} ${execution.getProcessEngine()}");

    expect(sut.expression).toMatch(/^\$\{[A-Za-z0-9 !=<>'.]+\}$/);
    expect(sut.expression).not.toContain('execution');
  });

  it('builds identifiers from at most four words', () => {
    expect(camelCase('The Order Total Amount In Euros')).toBe('theOrderTotalAmount');
    expect(camelCase('3rd party')).toBe('v3rdParty');
  });
});
