import { DeadLetterRecord } from '@flowpilot/shared';

/**
 * What is wrong with the original value a dead letter carries, compared with
 * the bytes that were sent: none when it holds them exactly, or, for a value
 * too big to embed whole (the dead letter must fit the broker), a non-empty
 * proper prefix of them together with their full size.
 */
export function originalValueProblems(record: DeadLetterRecord, sent: Buffer | null): string[] {
  const embedded =
    record.originalValueBase64 !== null
      ? Buffer.from(record.originalValueBase64, 'base64')
      : record.originalValue === null
        ? null
        : Buffer.from(record.originalValue, 'utf8');
  const problems: string[] = [];
  if (record.originalSizeBytes !== (sent?.length ?? null))
    problems.push(`original size ${record.originalSizeBytes}, sent ${sent?.length ?? null}`);
  if (sent === null || embedded === null) {
    if (sent !== embedded) problems.push('original bytes differ');
    return problems;
  }
  if (!record.originalTruncated) {
    if (!embedded.equals(sent)) problems.push('original bytes differ');
    return problems;
  }
  if (embedded.length === 0 || embedded.length >= sent.length)
    problems.push(`truncated to ${embedded.length} of ${sent.length} bytes`);
  if (!embedded.equals(sent.subarray(0, embedded.length))) problems.push('original bytes are not a prefix');
  return problems;
}
