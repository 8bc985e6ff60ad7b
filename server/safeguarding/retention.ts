// The scheduled retention job: for each programme, what its policy says is due is
// removed. Log events keep their place and hashes and gain a redaction marker, so
// `log:verify` still passes; stored pupils' work, boards and concerns are deleted. A
// call or an exchange item that an open record (a concern still kept) names is kept as
// evidence until that concern's own time. The run itself is logged first.
import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { nextUkTime } from '../../shared/uk-time.js';
import { recordThen } from './record-then.js';
import { RETENTION_EVENT_PREFIXES, retentionDue, retentionUntil, type RetentionCategory } from './retention-rules.js';
import type { SafeguardingLog } from './safeguarding-log.js';
import { filterOf } from './safeguarding-log.js';

/** The nightly run, by the UK clock: after the school day, before the next one. */
export const RETENTION_RUN_UK_TIME = { hour: 2, minute: 30 };
/** Where each run's time and outcome is kept (one document). */
const JOBS_COLLECTION = 'jobs';
const RETENTION_JOB_ID = 'retention';

export interface RetentionRunRecord {
  at: Date;
  trigger: 'nightly' | 'on demand';
  outcome: 'applied' | 'nothing due' | 'failed';
  programmes: number;
  error?: string;
}

export interface RetentionReport {
  programmeId: string;
  due: RetentionCategory[];
  redactedEvents: number;
  deleted: { exchangeItems: number; exchangeComments: number; boards: number; concerns: number };
}

/** The stored files retention removes with their items (the exchange's file store satisfies it). */
export interface RemovableFiles {
  remove(fileId: Types.ObjectId | null | undefined): Promise<unknown>;
}

export interface RetentionDeps {
  models: Models;
  log: SafeguardingLog;
  files: RemovableFiles;
}

const SYSTEM = { kind: 'system' as const, id: 'retention', label: 'Retention job' };

export async function applyRetention(deps: RetentionDeps, now: Date, onlyProgrammeId?: string): Promise<RetentionReport[]> {
  const { models, log, files } = deps;
  const programmes = await models.Programme.find(onlyProgrammeId ? { _id: onlyProgrammeId } : {});
  const reports: RetentionReport[] = [];
  for (const programme of programmes) {
    const programmeId = programme.id;
    const due = retentionDue(programme.academicYear, programme.retention!, now);
    if (due.length === 0) continue;
    // Evidence named by a concern still kept is kept with it.
    const keptConcerns = due.includes('concerns') ? [] : await models.Concern.find({ programmeId }, { callId: 1, subject: 1 }).lean();
    const keptCallIds = keptConcerns.flatMap((c) => (c.callId ? [String(c.callId)] : []));
    const keptItemIds = keptConcerns.flatMap((c) => ((c.subject as { itemId?: string }).itemId ? [(c.subject as { itemId: string }).itemId] : []));
    const keptBoardIds = keptConcerns.flatMap((c) => ((c.subject as { boardId?: string }).boardId ? [(c.subject as { boardId: string }).boardId] : []));

    const eventFilter = (category: RetentionCategory): Record<string, unknown> => ({
      ...filterOf({ scope: { programmeId }, types: RETENTION_EVENT_PREFIXES[category] }),
      ...(category === 'call-logs'
        ? { 'scope.callId': { $nin: keptCallIds }, 'payload.boardId': { $nin: keptBoardIds }, 'payload.itemId': { $nin: keptItemIds } }
        : {}),
      ...(category === 'exchange' ? { 'payload.itemId': { $nin: keptItemIds } } : {}),
    });
    const itemFilter = { programmeId, _id: { $nin: keptItemIds } };
    const callIds = due.includes('call-logs') ? (await models.Call.find({ programmeId, _id: { $nin: keptCallIds } }, { _id: 1 }).lean()).map((c) => c._id) : [];
    const boardFilter = {
      programmeId,
      _id: { $nin: keptBoardIds },
      $or: [...(due.includes('call-logs') ? [{ callId: { $in: callIds } }] : []), ...(due.includes('exchange') ? [{ callId: { $exists: false } }] : [])],
    };
    const pending =
      (await Promise.all(due.map((c) => log.collection.countDocuments({ ...eventFilter(c), payload: { $exists: true } })))).reduce((a, b) => a + b, 0) +
      (due.includes('exchange') ? await models.ExchangeItem.countDocuments(itemFilter) : 0) +
      (due.includes('concerns') ? await models.Concern.countDocuments({ programmeId }) : 0) +
      (boardFilter.$or.length ? await models.Board.countDocuments(boardFilter) : 0);
    if (pending === 0) continue; // already applied: nothing to log

    const until = retentionUntil(programme.academicYear, programme.retention!);
    const scope = { programmeId };
    const report: RetentionReport = { programmeId, due, redactedEvents: 0, deleted: { exchangeItems: 0, exchangeComments: 0, boards: 0, concerns: 0 } };
    await recordThen(
      log,
      {
        actor: SYSTEM,
        role: 'system',
        scope,
        type: 'retention.run',
        payload: {
          due,
          until: Object.fromEntries(due.map((c) => [c, until[c].toISOString()])),
          keptAsEvidence: { callIds: keptCallIds, itemIds: keptItemIds, boardIds: keptBoardIds },
        },
      },
      async (run) => {
        for (const category of due) report.redactedEvents += await log.redact(eventFilter(category), `retention: ${category}`, now, run._id);
        if (boardFilter.$or.length) {
          const boardIds = (await models.Board.find(boardFilter, { _id: 1 }).lean()).map((b) => b._id);
          await models.BoardUpdate.deleteMany({ boardId: { $in: boardIds } });
          await models.BoardSnapshot.deleteMany({ _id: { $in: boardIds } });
          report.deleted.boards = (await models.Board.deleteMany(boardFilter)).deletedCount;
        }
        if (due.includes('exchange')) {
          const items = await models.ExchangeItem.find(itemFilter, { fileId: 1, thumbnailId: 1 }).lean();
          for (const item of items) {
            await files.remove(item.fileId);
            await files.remove(item.thumbnailId);
          }
          const itemIds = items.map((i) => i._id);
          report.deleted.exchangeComments = (await models.ExchangeComment.deleteMany({ itemId: { $in: itemIds } })).deletedCount;
          report.deleted.exchangeItems = (await models.ExchangeItem.deleteMany({ _id: { $in: itemIds } })).deletedCount;
        }
        if (due.includes('concerns')) {
          report.deleted.concerns = (await models.Concern.deleteMany({ programmeId })).deletedCount;
          await models.Notification.deleteMany({ programmeId, concernId: { $exists: true } });
        }
      },
    );
    await log.record({ actor: SYSTEM, role: 'system', scope, type: 'retention.applied', payload: { ...report } });
    reports.push(report);
  }
  return reports;
}

const jobs = (models: Models) => models.Programme.db.collection<RetentionRunRecord & { _id: string }>(JOBS_COLLECTION);

/** The last run, nightly or on demand, if any. */
export async function lastRetentionRun(models: Models): Promise<RetentionRunRecord | null> {
  const doc = await jobs(models).findOne({ _id: RETENTION_JOB_ID });
  if (!doc) return null;
  const { _id, ...run } = doc;
  return run;
}

/** Applies retention and records the run (its time and outcome) whatever happens. */
export async function runRetention(
  deps: RetentionDeps,
  trigger: RetentionRunRecord['trigger'],
  now: Date,
  onlyProgrammeId?: string,
): Promise<RetentionReport[]> {
  const record = (r: Omit<RetentionRunRecord, 'at' | 'trigger'>) =>
    jobs(deps.models)
      .replaceOne({ _id: RETENTION_JOB_ID }, { at: now, trigger, ...r }, { upsert: true })
      .catch(() => undefined);
  try {
    const reports = await applyRetention(deps, now, onlyProgrammeId);
    await record({ outcome: reports.length ? 'applied' : 'nothing due', programmes: reports.length });
    return reports;
  } catch (err) {
    await record({ outcome: 'failed', programmes: 0, error: err instanceof Error ? err.message.slice(0, 300) : String(err) });
    throw err;
  }
}

/** Runs the job every night at RETENTION_RUN_UK_TIME (UK time); returns the function that stops it. */
export function scheduleRetention(deps: RetentionDeps & { logger: { info(o: object, m: string): void; error(o: object, m: string): void } }): () => void {
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    const at = nextUkTime(new Date(), RETENTION_RUN_UK_TIME.hour, RETENTION_RUN_UK_TIME.minute);
    timer = setTimeout(() => {
      void runRetention(deps, 'nightly', new Date())
        .then(
          (reports) => reports.length && deps.logger.info({ reports }, 'retention applied'),
          (err: unknown) => deps.logger.error({ err }, 'retention run failed; it will be tried again tomorrow night'),
        )
        .finally(next);
    }, at.getTime() - Date.now());
    timer.unref();
  };
  next();
  return () => clearTimeout(timer);
}
