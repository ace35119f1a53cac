import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { EngineSql } from '../engine/engine-sql';
import type { StreamRow } from './fact-stream';
import { candidatesOf } from './history-row.mappers';
import type { CandidateLinkRow } from './history-rows';

/** Reads the candidate links (added or deleted) of these tasks, in the order they were written. */
export type CandidateLinkReader = (taskIds: string[]) => Promise<CandidateLinkRow[]>;

type UserTaskTopic = 'camunda.user-task.created.v1' | 'camunda.user-task.completed.v1';

interface IdentityLinkLogDto {
  userId: string | null;
  groupId: string | null;
  operationType: string | null;
}

/** The `enrich` step of the user-task streams: the tasks' current candidate groups and users. */
export function withCandidates<T extends UserTaskTopic>(readLinks: CandidateLinkReader) {
  return async (rows: StreamRow<T>[]): Promise<StreamRow<T>[]> => {
    if (rows.length === 0) return rows;
    const candidates = candidatesOf(await readLinks(rows.map((row) => row.payload.taskId)));
    return rows.map((row) => {
      const found = candidates.get(row.payload.taskId);
      return found
        ? { ...row, payload: { ...row.payload, candidateGroups: found.groups, candidateUsers: found.users } }
        : row;
    });
  };
}

/** A page of tasks' links in one indexed query (ACT_HI_IDENTITYLINK by task_id_). */
export function sqlCandidateLinks(db: EngineSql): CandidateLinkReader {
  const select = `SELECT task_id_ AS task_id, user_id_ AS user_id, group_id_ AS group_id, operation_type_ AS operation_type`;
  return (taskIds) =>
    db.query<CandidateLinkRow>(
      db.dialect === 'mysql'
        ? `${select} FROM ACT_HI_IDENTITYLINK WHERE task_id_ IN (?) AND type_ = 'candidate' ORDER BY timestamp_, id_`
        : `${select} FROM act_hi_identitylink WHERE task_id_ = ANY($1::text[]) AND type_ = 'candidate' ORDER BY timestamp_, id_`,
      [taskIds],
    );
}

/** The identity-link log of each task, one request per task: REST has no "task id in" filter. */
export function restCandidateLinks(api: Pick<CollectorCamundaApi, 'list'>): CandidateLinkReader {
  return async (taskIds) => {
    const perTask = await Promise.all(
      taskIds.map(async (taskId) => {
        const links = await api.list<IdentityLinkLogDto>('/history/identity-link-log', {
          taskId,
          type: 'candidate',
          sortBy: 'time',
          sortOrder: 'asc',
        });
        return links.map((l) => ({
          task_id: taskId,
          user_id: l.userId,
          group_id: l.groupId,
          operation_type: l.operationType,
        }));
      }),
    );
    return perTask.flat();
  };
}
