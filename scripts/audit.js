#!/usr/bin/env node
// Dependency audit with a written policy (docs/security.md): which advisories fail the build,
// how an exception is recorded (scripts/audit-allowlist.json, enforced with an expiry date),
// and what happens when the advisory service cannot be reached.
//
//   node scripts/audit.js                      audit the installed tree (npm audit, twice: production, all)
//   node scripts/audit.js --require-registry   an unreachable advisory service fails too (release builds)
//   node scripts/audit.js --production-report a.json --full-report b.json   judge saved `npm audit --json` output
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const ALLOWLIST = resolve(__dirname, 'audit-allowlist.json');
const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'];
/** The lowest severity that fails the build. Dev tools never ship in the image, but they run with the repo's rights in CI. */
const FAIL_AT = { production: 'moderate', development: 'high' };

/** `npm audit --json` output, or `{ unreachable: reason }` when the advisory service gave no report. */
function runNpmAudit(omitDev) {
  const args = ['audit', '--json', ...(omitDev ? ['--omit=dev'] : [])];
  let stdout;
  try {
    stdout = execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // npm audit exits 1 when it finds something; its JSON is still on stdout.
    stdout = error.stdout || '';
  }
  return parseReport(stdout);
}

function parseReport(text) {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return { unreachable: 'npm audit printed no JSON report' };
  }
  if (!report || typeof report.vulnerabilities !== 'object') {
    const reason = (report && (report.message || (report.error && report.error.summary))) || 'no report';
    return { unreachable: String(reason).split('\n')[0] };
  }
  return report;
}

/** One finding per advisory and package: the GHSA id, the package, its severity and the affected range. */
function advisories(report) {
  const found = new Map();
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities)) {
    for (const via of vulnerability.via) {
      if (typeof via === 'string') continue; // reached through another package: listed under that one
      const id = /GHSA-[\w-]+/.exec(via.url || '')?.[0] || `npm-${via.source}`;
      found.set(`${id} ${name}`, {
        id,
        package: name,
        severity: via.severity,
        title: via.title,
        range: via.range,
        fix: vulnerability.fixAvailable,
      });
    }
  }
  return [...found.values()];
}

/**
 * The verdict. `allowlist` entries: { id, package, reason, expires: 'YYYY-MM-DD' }; an entry is honoured
 * until the end of its expiry day, and an expired entry fails the build whether or not it still matches.
 */
function evaluate({ productionReport, fullReport, allowlist, today }) {
  const failures = [];
  const notes = [];
  const expired = allowlist.filter((entry) => !(entry.expires >= today));
  for (const entry of allowlist) {
    const problems = ['id', 'package', 'reason', 'expires'].filter((field) => !entry[field]);
    if (problems.length > 0)
      failures.push(`allowlist entry ${JSON.stringify(entry)} lacks ${problems.join(', ')}`);
  }
  for (const entry of expired)
    failures.push(
      `allowlist entry ${entry.id} (${entry.package}) expired on ${entry.expires}: fix it or renew it with a reason`,
    );
  const unreachable = productionReport.unreachable || fullReport.unreachable;
  if (unreachable) return { failures, notes, unreachable, findings: [] };

  const production = new Set(advisories(productionReport).map((a) => `${a.id} ${a.package}`));
  const findings = advisories(fullReport).map((advisory) => {
    const scope = production.has(`${advisory.id} ${advisory.package}`) ? 'production' : 'development';
    const allowed = allowlist.find(
      (entry) => entry.id === advisory.id && entry.package === advisory.package && entry.expires >= today,
    );
    const failsBuild = SEVERITIES.indexOf(advisory.severity) >= SEVERITIES.indexOf(FAIL_AT[scope]);
    const verdict = !failsBuild ? 'reported' : allowed ? 'allowed' : 'fails';
    return { ...advisory, scope, verdict, allowedBecause: allowed ? allowed.reason : null };
  });
  for (const finding of findings.filter((f) => f.verdict === 'fails'))
    failures.push(
      `${finding.severity} ${finding.scope} advisory ${finding.id} in ${finding.package} ${finding.range}: ${finding.title}`,
    );
  for (const entry of allowlist.filter(
    (e) => !findings.some((f) => f.id === e.id && f.package === e.package),
  ))
    notes.push(`allowlist entry ${entry.id} (${entry.package}) no longer matches anything: remove it`);
  return { failures, notes, unreachable: null, findings };
}

function main(argv) {
  const option = (name) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const requireRegistry = argv.includes('--require-registry');
  const saved = (file) => parseReport(readFileSync(file, 'utf8'));
  const productionReport = option('--production-report')
    ? saved(option('--production-report'))
    : runNpmAudit(true);
  const fullReport = option('--full-report') ? saved(option('--full-report')) : runNpmAudit(false);
  const allowlist = JSON.parse(readFileSync(option('--allowlist') || ALLOWLIST, 'utf8'));
  const today = new Date().toISOString().slice(0, 10);
  const verdict = evaluate({ productionReport, fullReport, allowlist, today });

  for (const finding of verdict.findings)
    console.log(
      `audit: ${finding.verdict.padEnd(8)} ${finding.severity.padEnd(8)} ${finding.scope.padEnd(11)} ${finding.id} ${finding.package} ${finding.range}${finding.allowedBecause ? ` (allowed: ${finding.allowedBecause})` : ''}`,
    );
  for (const note of verdict.notes) console.log(`audit: note: ${note}`);
  if (verdict.unreachable) {
    console.error(
      `audit: NOT RUN - the advisory service gave no report (${verdict.unreachable}). ` +
        (requireRegistry
          ? 'Failing: --require-registry is set.'
          : 'Not failing the build; release builds pass --require-registry.'),
    );
  }
  for (const failure of verdict.failures) console.error(`audit: FAIL ${failure}`);
  const failed = verdict.failures.length > 0 || (verdict.unreachable !== null && requireRegistry);
  if (!failed && !verdict.unreachable)
    console.log(`audit: ok (${verdict.findings.length} advisories, none failing the policy)`);
  return failed ? 1 : 0;
}

module.exports = { evaluate, parseReport, advisories, FAIL_AT };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
