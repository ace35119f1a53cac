import { grants } from './scopes';

describe('scopes', () => {
  it.each([
    [['read'], 'read', true],
    [['read'], 'write', false],
    [['read'], 'admin', false],
    [['write'], 'read', true],
    [['write'], 'write', true],
    [['write'], 'admin', false],
    [['admin'], 'read', true],
    [['admin'], 'admin', true],
    [['read', 'admin'], 'write', true],
    [[], 'read', false],
  ] as const)('a key with %p %s access to %p routes', (held, required, expected) => {
    expect(grants(held, required)).toBe(expected);
  });
});
