/** What one Prometheus text exposition declares: metric families with their type, and sample names. */
export interface Exposition {
  families: Map<string, string>;
  samples: Set<string>;
}

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

export function parseExposition(
  text: string,
  into: Exposition = { families: new Map(), samples: new Set() },
): Exposition {
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) into.families.set(type[1], type[2]);
    else if (/^[a-zA-Z_:]/.test(line)) into.samples.add(line.split(/[{\s]/, 1)[0]);
  }
  return into;
}

/**
 * A name a query may use: a declared family, a sample, or a histogram's or
 * summary's `_bucket`/`_sum`/`_count` series (declared even before the first
 * observation, when no sample line exists yet).
 */
export function exposes(exposition: Exposition, name: string): boolean {
  if (exposition.families.has(name) || exposition.samples.has(name)) return true;
  const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
  if (!suffix) return false;
  const type = exposition.families.get(name.slice(0, -suffix.length));
  return type === 'histogram' || (type === 'summary' && suffix !== '_bucket');
}
