import { declaresDoctype } from './doctype-declaration';

const BODY = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"/>';

describe('declaresDoctype', () => {
  it.each([
    ['a DOCTYPE in the prolog', `<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd">${BODY}`],
    ['a DOCTYPE with an internal subset', `<!DOCTYPE d [<!ENTITY e "x">]>${BODY}`],
    ['a lower-case, spaced declaration', `<! doctype d>${BODY}`],
    ['an entity declaration in the body', '<a><!ENTITY e "x"></a>'],
  ])('finds %s', (_what, xml) => {
    expect(declaresDoctype(xml)).toBe(true);
  });

  it.each([
    ['no declaration', `<?xml version="1.0"?>${BODY}`],
    [
      'the text inside CDATA (a script body)',
      '<a><script><![CDATA[ log("<!DOCTYPE html>"); const e = "<!ENTITY x>"; ]]></script></a>',
    ],
    ['the text inside a comment', `<!-- <!DOCTYPE d> -->${BODY}`],
    ['XML that does not parse', 'this is not XML <!DOCTYPE'],
  ])('finds nothing in %s', (_what, xml) => {
    expect(declaresDoctype(xml)).toBe(false);
  });
});
