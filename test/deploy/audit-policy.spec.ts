/* The audit script is plain CommonJS so `npm test` runs it before anything is built. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { evaluate, parseReport } = require('../../scripts/audit.js') as {
  evaluate: (input: {
    productionReport: object;
    fullReport: object;
    allowlist: { id: string; package: string; reason: string; expires: string }[];
    today: string;
  }) => { failures: string[]; notes: string[]; unreachable: string | null; findings: { verdict: string }[] };
  parseReport: (text: string) => object;
};

/** The shape of `npm audit --json` (v2) for one advisory on one package. */
function report(entries: { pkg: string; ghsa: string; severity: string }[]): object {
  return {
    vulnerabilities: Object.fromEntries(
      entries.map(({ pkg, ghsa, severity }) => [
        pkg,
        {
          name: pkg,
          severity,
          via: [{ source: 1, title: `bug in ${pkg}`, url: `https://github.com/advisories/${ghsa}`, severity, range: '<2.0.0' }],
          fixAvailable: true,
        },
      ]),
    ),
  };
}

const TODAY = '2026-11-22';
const prodHigh = { pkg: 'express-thing', ghsa: 'GHSA-aaaa-bbbb-cccc', severity: 'high' };
const prodModerate = { pkg: 'pg-thing', ghsa: 'GHSA-dddd-eeee-ffff', severity: 'moderate' };
const devModerate = { pkg: 'jest-thing', ghsa: 'GHSA-gggg-hhhh-iiii', severity: 'moderate' };
const devCritical = { pkg: 'lint-thing', ghsa: 'GHSA-jjjj-kkkk-llll', severity: 'critical' };

describe('npm audit policy (scripts/audit.js)', () => {
  it('fails moderate and above in production dependencies, high and above in dev-only ones', () => {
    const verdict = evaluate({
      productionReport: report([prodHigh, prodModerate]),
      fullReport: report([prodHigh, prodModerate, devModerate, devCritical]),
      allowlist: [],
      today: TODAY,
    });

    expect(verdict.failures).toEqual([
      expect.stringContaining('high production advisory GHSA-aaaa-bbbb-cccc in express-thing'),
      expect.stringContaining('moderate production advisory GHSA-dddd-eeee-ffff in pg-thing'),
      expect.stringContaining('critical development advisory GHSA-jjjj-kkkk-llll in lint-thing'),
    ]);
    expect(verdict.findings.map((f) => f.verdict)).toEqual(['fails', 'fails', 'reported', 'fails']);
  });

  it('honours an allowlist entry until the end of its expiry day, and fails once it has expired', () => {
    const entry = { id: prodHigh.ghsa, package: prodHigh.pkg, reason: 'not reachable from our code', expires: TODAY };
    const input = { productionReport: report([prodHigh]), fullReport: report([prodHigh]), allowlist: [entry] };

    expect(evaluate({ ...input, today: TODAY }).failures).toEqual([]);
    expect(evaluate({ ...input, today: '2026-11-23' }).failures).toEqual([
      expect.stringContaining(`allowlist entry ${prodHigh.ghsa} (express-thing) expired on ${TODAY}`),
      expect.stringContaining('high production advisory GHSA-aaaa-bbbb-cccc'),
    ]);
  });

  it('refuses an allowlist entry without a reason or expiry, and notes entries that match nothing', () => {
    const verdict = evaluate({
      productionReport: report([]),
      fullReport: report([]),
      allowlist: [{ id: 'GHSA-zzzz-zzzz-zzzz', package: 'gone', reason: '', expires: '2027-01-01' }],
      today: TODAY,
    });

    expect(verdict.failures).toEqual([expect.stringContaining('lacks reason')]);
    expect(verdict.notes).toEqual([expect.stringContaining('no longer matches anything')]);
  });

  it('reports an unreachable advisory service as such, still enforcing allowlist expiry', () => {
    const unreachable = parseReport(JSON.stringify({ message: '405 Method Not Allowed - POST …/advisories/bulk' }));
    const verdict = evaluate({
      productionReport: unreachable,
      fullReport: unreachable,
      allowlist: [{ id: prodHigh.ghsa, package: prodHigh.pkg, reason: 'r', expires: '2026-01-01' }],
      today: TODAY,
    });

    expect(verdict.unreachable).toBe('405 Method Not Allowed - POST …/advisories/bulk');
    expect(verdict.failures).toEqual([expect.stringContaining('expired on 2026-01-01')]);
    expect(parseReport('not json')).toEqual({ unreachable: 'npm audit printed no JSON report' });
  });
});
