import { refundAmounts } from './calculate-refund.handler';

describe('refundAmounts', () => {
  it.each<[number, 'FULL' | 'PENALTY', string, number, number]>([
    [400, 'FULL', 'ECONOMY', 400, 0],
    [400, 'PENALTY', 'ECONOMY', 300, 100],
    [100, 'PENALTY', 'ECONOMY', 50, 50],
    [30, 'PENALTY', 'ECONOMY', 0, 30],
    [2_000, 'PENALTY', 'BUSINESS', 1_800, 200],
    [1_000, 'PENALTY', 'FIRST', 900, 100],
  ])('%d %s %s → refund %d, penalty %d', (price, type, ticketClass, refund, penalty) => {
    const sut = refundAmounts;

    expect(sut(price, type, ticketClass)).toEqual({ refundAmount: refund, penaltyAmount: penalty });
  });
});
