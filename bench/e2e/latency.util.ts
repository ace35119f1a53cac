/** Nearest-rank percentile (q in 0..1): a value that was measured, not an interpolation. */
export function percentile(samples: number[], q: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Camunda writes offsets as +0000, which Date.parse does not promise to read. */
export const camundaTime = (text: string) => Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

/** When the receiver first got a webhook of `type` about the incident (a redelivery does not count). */
export function firstReceipt(
  received: { body: { type: string; data: Record<string, unknown> }; receivedAt: number }[],
  type: string,
  incidentId: string,
): number | undefined {
  return received.find((w) => w.body.type === type && w.body.data.incidentId === incidentId)?.receivedAt;
}
