import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';

const FORMAT =
  /JsonParseException|JsonMappingException|MismatchedInputException|InvalidDefinitionException|UnrecognizedPropertyException|Cannot deserialize|Unrecognized field "([^"]+)"|Unexpected character \('<'|Unexpected token '?<'? in JSON|Unexpected end of JSON input|is not valid JSON|SPIN\/JACKSON-JSON-\d+|SPIN\/DOM-XML-\d+|Cannot find serializer for value|ENGINE-09024|NotSerializableException|could not (?:de)?serialize|Unexpected response format|Content is not allowed in prolog|XML document structures must start|SAXParseException|Content type '[^']+' not supported|HttpMediaTypeNotSupportedException|InvalidFormatException|ENGINE-17\d{3}.*(?:serializ|deserializ)/i;

/** A payload could not be (de)serialized: the shape or format is not what the code expects. */
export class SerializationRule implements IncidentRule {
  readonly family = 'serialization' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, FORMAT);
    if (!found) return null;
    const html = /Unexpected character \('<'|Unexpected token '?<|Content is not allowed in prolog/i.test(
      found.match[0],
    );
    const engineVariable = /serializer for value|ENGINE-09024|NotSerializableException|ENGINE-17/i.test(
      found.match[0],
    );
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.88),
      rootCause: html
        ? 'The code expected JSON but received HTML or XML (typically an error page from a proxy or gateway, or a login page), so parsing failed.'
        : engineVariable
          ? 'The engine could not serialize a process variable: its Java type has no serializer (not Serializable, no JSON format configured).'
          : `A payload did not have the expected format or shape (${found.match[0]}): a field was added, renamed or typed differently by the other side.`,
      fixSteps: compact([
        html &&
          'Check the response status and content type before parsing; log the body of non-JSON answers.',
        engineVariable &&
          'Store the value as JSON (Spin: Variables.objectValue(x).serializationDataFormat("application/json")) or as primitive variables.',
        !html &&
          !engineVariable &&
          'Compare the payload with the DTO: configure the mapper to ignore unknown properties and agree on the contract with the producer.',
        'Deploy the fix, then retry the failed job or external task.',
      ]),
      snippet: engineVariable
        ? {
            language: 'java',
            description: 'Store a complex value as a JSON-serialized object variable.',
            code: 'execution.setVariable("order", Variables.objectValue(order).serializationDataFormat(Variables.SerializationDataFormats.JSON).create());',
          }
        : {
            language: 'java',
            description: 'Tolerate added fields, and refuse to parse non-JSON answers.',
            code: [
              'ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);',
              'if (!response.getHeaders().getContentType().includes(MediaType.APPLICATION_JSON)) {',
              '  throw new IllegalStateException("Expected JSON, got " + response.getHeaders().getContentType() + " (HTTP " + response.getStatusCode() + ")");',
              '}',
              'Invoice invoice = mapper.readValue(response.getBody(), Invoice.class);',
            ].join('\n'),
          },
      evidence: compact([
        evidenceOf(found),
        activityEvidence(context, 'The activity that parsed or stored the payload.'),
      ]),
      remediation: remediation.retryAfterFix(
        'Retrying parses the same payload: fix the mapping or contract first, then set retries to 1.',
      ),
    };
  }
}
