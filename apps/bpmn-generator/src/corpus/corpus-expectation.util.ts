import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModelStats } from '@flowpilot/shared';
import { ProcessGraph } from '../graph/process-graph';

/** Structural expectations of one corpus description; only the keys given are checked. */
export interface CorpusExpectation {
  userTasks?: number;
  serviceTasks?: number;
  exclusive?: number;
  parallel?: number;
  eventBased?: number;
  /** `placement:value`, e.g. `boundary:PT2H`, `start:R/PT5M`. */
  timers?: string[];
  /** Each must appear among the flow conditions. */
  conditions?: string[];
  messageEvents?: number;
  errorEvents?: number;
  escalationEvents?: number;
  compensationEvents?: number;
  start?: 'none' | 'timer' | 'message';
  candidateGroups?: string[];
  xmlContains?: string[];
  xmlNotContains?: string[];
}

export interface CorpusEntry {
  id: string;
  text: string;
  expect: CorpusExpectation;
  /** Process variables to start an instance with. */
  variables?: Record<string, { value: string | number | boolean; type?: string }>;
}

export const CORPUS_PATH = resolve(__dirname, '../../../../test/fixtures/bpmn-corpus/descriptions.json');

export function loadCorpus(path = CORPUS_PATH): CorpusEntry[] {
  return JSON.parse(readFileSync(path, 'utf8')) as CorpusEntry[];
}

/** Text the parser understands only in part, or not at all; `{ repeat, times }` stands for a very long text. */
export function loadOddDescriptions(): string[] {
  const raw = JSON.parse(readFileSync(resolve(CORPUS_PATH, '../odd-descriptions.json'), 'utf8')) as (
    string | { repeat: string; times: number }
  )[];
  return raw.map((entry) => (typeof entry === 'string' ? entry : entry.repeat.repeat(entry.times)));
}

/** What does not match, in words; empty when the model meets every expectation. */
export function unmetExpectations(
  expect: CorpusExpectation,
  stats: ModelStats,
  graph: ProcessGraph,
  xml: string,
): string[] {
  const misses: string[] = [];
  const counts: [keyof CorpusExpectation, number][] = [
    ['userTasks', stats.userTasks],
    ['serviceTasks', stats.serviceTasks],
    ['exclusive', stats.gateways.exclusive],
    ['parallel', stats.gateways.parallel],
    ['eventBased', stats.gateways.eventBased],
    ['messageEvents', stats.messageEvents],
    ['errorEvents', stats.errorEvents],
    ['escalationEvents', stats.escalationEvents],
    ['compensationEvents', stats.compensationEvents],
  ];
  for (const [key, actual] of counts) {
    if (expect[key] !== undefined && expect[key] !== actual)
      misses.push(`${key}: expected ${expect[key]}, got ${actual}`);
  }
  const timers = stats.timers.map((t) => `${t.placement}:${t.value}`).sort();
  if (expect.timers && JSON.stringify([...expect.timers].sort()) !== JSON.stringify(timers)) {
    misses.push(`timers: expected ${expect.timers.join(', ') || 'none'}, got ${timers.join(', ') || 'none'}`);
  }
  for (const condition of expect.conditions ?? []) {
    if (!stats.conditions.includes(condition))
      misses.push(`condition ${condition} missing (got ${stats.conditions.join(', ') || 'none'})`);
  }
  const start = graph.nodes.find((n) => n.kind === 'start');
  if (expect.start && start?.kind === 'start' && start.trigger.type !== expect.start)
    misses.push(`start: expected ${expect.start}, got ${start.trigger.type}`);
  const groups = new Set(graph.nodes.flatMap((n) => (n.kind === 'userTask' ? n.candidateGroups : [])));
  for (const group of expect.candidateGroups ?? [])
    if (!groups.has(group))
      misses.push(`candidate group ${group} missing (got ${[...groups].join(', ') || 'none'})`);
  for (const text of expect.xmlContains ?? []) if (!xml.includes(text)) misses.push(`XML lacks ${text}`);
  for (const text of expect.xmlNotContains ?? []) if (xml.includes(text)) misses.push(`XML contains ${text}`);
  return misses;
}
