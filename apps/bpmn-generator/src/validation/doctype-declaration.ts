import { nativeRequire } from '../builder/bpmn-moddle.adapter';

/** The slice of saxen (the streaming parser moddle-xml reads BPMN with) used here. */
interface SaxParser {
  on(event: 'attention', handler: (markup: string) => void): SaxParser;
  on(event: 'error', handler: (error: Error) => void): SaxParser;
  parse(xml: string): unknown;
  stop(): void;
}

const DECLARATION = /^<!\s*(DOCTYPE|ENTITY)\b/i;

/**
 * True when the XML holds a DOCTYPE or entity declaration as markup. moddle-xml
 * ignores such `<!…>` markup, so the same parser is asked for it directly: text
 * that only looks like one inside a comment or CDATA (a script body) is content,
 * not a declaration, and a regex over the raw text would refuse it wrongly.
 */
export function declaresDoctype(xml: string): boolean {
  const { Parser } = nativeRequire('saxen') as { Parser: new () => SaxParser };
  const parser = new Parser();
  let found = false;
  parser
    .on('attention', (markup) => {
      if (!DECLARATION.test(markup)) return;
      found = true;
      parser.stop();
    })
    // A parse error is the BPMN parse's to report; this scan only looks for declarations before it.
    .on('error', () => parser.stop());
  parser.parse(xml);
  return found;
}
