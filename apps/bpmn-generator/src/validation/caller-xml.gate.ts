import { CallerBpmnProblem, ReplyFailure } from '@flowpilot/shared';
import { Inspection, InvalidBpmnError, ModelPipeline } from '../generation/model-pipeline';
import { declaresDoctype } from './doctype-declaration';
import { NO_PROCESS_PROBLEM } from './invalid-request.util';
import { processCountOf } from './model-inspector';

/** Enough to name what is wrong without echoing a hostile document back. */
const MAX_LISTED_PROBLEMS = 20;

/**
 * XML a caller brings (validate, enhance) must be a well-formed BPMN 2.0
 * document with a process. Anything else is refused here, inside the command
 * that carries it, as `invalid-request` with `details.problem`: the asker needs
 * one round trip to learn it, and no engine ever sees the document.
 */
export async function inspectCallerXml(pipeline: ModelPipeline, xml: string): Promise<Inspection> {
  // Checked before parsing: an XML bomb or external entity is refused unread.
  if (declaresDoctype(xml))
    throw malformedXml('doctype', 'DOCTYPE and entity declarations are not allowed in BPMN XML', []);
  let inspection: Inspection;
  try {
    inspection = await pipeline.inspect(xml);
  } catch (error) {
    if (error instanceof InvalidBpmnError)
      throw malformedXml('malformed-xml', error.message, [error.message]);
    throw error;
  }
  // Warnings are elements moddle dropped (unknown types, duplicate ids, dangling references): what
  // would be validated, enhanced or deployed is not what the caller wrote.
  const [firstWarning] = inspection.parseWarnings;
  if (firstWarning !== undefined) throw malformedXml('malformed-xml', firstWarning, inspection.parseWarnings);
  if (processCountOf(inspection.definitions) === 0) throw withoutProcess();
  return inspection;
}

function malformedXml(problem: CallerBpmnProblem, reason: string, problems: string[]): ReplyFailure {
  return new ReplyFailure('invalid-request', `Malformed BPMN XML: ${reason}`, {
    problem,
    problems: problems.slice(0, MAX_LISTED_PROBLEMS),
  });
}

function withoutProcess(): ReplyFailure {
  return new ReplyFailure(
    'invalid-request',
    'BPMN XML without a process: the definitions contain no <process> element, so there is nothing to validate, enhance or deploy',
    { problem: NO_PROCESS_PROBLEM, processCount: 0 },
  );
}
