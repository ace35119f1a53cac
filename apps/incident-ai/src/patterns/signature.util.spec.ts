import { patternIdOf, signatureOf as sut } from './signature.util';

describe('signatureOf', () => {
  it('groups messages that differ only in ids, numbers, hosts and UUIDs', () => {
    const a = sut(
      'failedJob',
      'I/O error on POST request for "http://billing-1.internal:8080/api/invoices/4711": Connection refused; job 0f9c2c1e-5b8a-11ee-8c99-0242ac120002',
    );
    const b = sut(
      'failedJob',
      'I/O error on POST request for "http://billing-7.prod:9443/api/invoices/99": Connection refused; job 7a1d7c55-1b8a-41ee-9c99-0242ac120003',
    );

    expect(a).toBe(b);
    expect(a).not.toMatch(/4711|billing|0f9c2c1e/);
  });

  it('keeps class names, variable names and expressions apart', () => {
    const missingA = sut(
      'failedJob',
      "Unknown property used in expression: ${missingVar}. Cause: Cannot resolve identifier 'missingVar'",
    );
    const missingB = sut(
      'failedJob',
      "Unknown property used in expression: ${otherVar}. Cause: Cannot resolve identifier 'otherVar'",
    );

    expect(missingA).not.toBe(missingB);
    expect(sut('failedJob', "Cannot load class 'com.example.Missing'")).toContain('com.example.Missing');
  });

  it('strips hosts named by UnknownHostException and IPs with ports', () => {
    expect(sut('failedJob', 'java.net.UnknownHostException: crm.acme.local')).toBe(
      'failedJob|java.net.UnknownHostException: <host>',
    );
    expect(sut('failedExternalTask', 'connect ECONNREFUSED 10.0.3.17:5432')).toBe(
      'failedExternalTask|connect ECONNREFUSED <ip>',
    );
  });

  it('derives the same pattern id for the same signature', () => {
    expect(patternIdOf('x|y')).toBe(patternIdOf('x|y'));
    expect(patternIdOf('x|y')).not.toBe(patternIdOf('x|z'));
  });

  it('reads the same failure from Camunda 7, Operaton and CIB seven as one signature', () => {
    const message = (vendor: string) =>
      `ENGINE-02033 Delegate Expression '\${mailer}' did neither resolve to an implementation of 'interface org.${vendor}.bpm.engine.impl.pvm.delegate.ActivityBehavior' nor 'interface org.${vendor}.bpm.engine.delegate.JavaDelegate'.`;

    expect(sut('failedJob', message('operaton'))).toBe(sut('failedJob', message('camunda')));
    expect(sut('failedJob', message('cibseven'))).toBe(sut('failedJob', message('camunda')));
    expect(sut('failedJob', 'com.example.operaton.Missing')).toContain('com.example.operaton.Missing');
  });
});
