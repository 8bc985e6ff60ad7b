// The scheduled retention job: for each programme, what its policy says is due is
// removed. Log events keep their place and hashes and gain a redaction marker, so
// `log:verify` still passes; stored pupils' work, boards and concerns are deleted. A
// call or an exchange item that an open record (a concern still kept) names is kept as
// evidence until that concern's own time. The run itself is logged first.
import type { Models } from '../db/models.js';
import { ExchangeFileStore } from '../exchange/file-store.js';
import { recordThen } from './record-then.js';
import { RETENTION_EVENT_PREFIXES, retentionDue, retentionUntil, type RetentionCategory } from './retention-rules.js';
import type { SafeguardingLog } from './safeguarding-log.js';
import { filterOf } from './safeguarding-log.js';

const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** The first run after start-up, once the server has settled. */
const RETENTION_FIRST_RUN_DELAY_MS = 60 * 60 * 1000;

export interface RetentionReport {
  programmeId: string;
  due: RetentionCategory[];
  redactedEvents: number;
  deleted: { exchangeItems: number; exchangeComments: number; boards: number; concerns: number };
}

const SYSTEM = { kind: 'system' as const, id: 'retention', label: 'Retention job' };

export async function applyRetention(deps: { models: Models; log: SafeguardingLog }, now: Date, onlyProgrammeId?: string): Promise<RetentionReport[]> {
  const { models, log } = deps;
  const files = new ExchangeFileStore(models.Link.db.db!);
  const programmes = await models.Programme.find(onlyProgrammeId ? { _id: onlyProgrammeId } : {});
  const reports: RetentionReport[] = [];
  for (const programme of programmes) {
    const programmeId = programme.id as string;
    const due = retentionDue(programme.academicYear, programme.retention!, now);
    if (due.length === 0) continue;
    // Evidence named by a concern still kept is kept with it.
    const keptConcerns = due.includes('concerns') ? [] : await models.Concern.find({ programmeId }, { callId: 1, subject: 1 }).lean();
    const keptCallIds = keptConcerns.flatMap((c) => (c.callId ? [String(c.callId)] : []));
    const keptItemIds = keptConcerns.flatMap((c) => ((c.subject as { itemId?: string }).itemId ? [(c.subject as { itemId: string }).itemId] : []));
    const keptBoardIds = keptConcerns.flatMap((c) => ((c.subject as { boardId?: string }).boardId ? [(c.subject as { boardId: string }).boardId] : []));

    const eventFilter = (category: RetentionCategory): Record<string, unknown> => ({
      ...filterOf({ scope: { programmeId }, types: RETENTION_EVENT_PREFIXES[category] }),
      ...(category === 'call-logs' ? { 'scope.callId': { $nin: keptCallIds }, 'payload.boardId': { $nin: keptBoardIds }, 'payload.itemId': { $nin: keptItemIds } } : {}),
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
    await recordThen(log, { actor: SYSTEM, role: 'system', scope, type: 'retention.run', payload: { due, until: Object.fromEntries(due.map((c) => [c, until[c].toISOString()])), keptAsEvidence: { callIds: keptCallIds, itemIds: keptItemIds, boardIds: keptBoardIds } } }, async (run) => {
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
    });
    await log.record({ actor: SYSTEM, role: 'system', scope, type: 'retention.applied', payload: { ...report } });
    reports.push(report);
  }
  return reports;
}

/** Runs the job now and then every day; returns the function that stops it. */
export function scheduleRetention(deps: { models: Models; log: SafeguardingLog; logger: { info(o: object, m: string): void; error(o: object, m: string): void } }): () => void {
  const run = () =>
    applyRetention(deps, new Date()).then(
      (reports) => reports.length && deps.logger.info({ reports }, 'retention applied'),
      (err: unknown) => deps.logger.error({ err }, 'retention run failed; it will be tried again tomorrow'),
    );
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void run();
    interval = setInterval(() => void run(), RETENTION_INTERVAL_MS);
    interval.unref();
  }, RETENTION_FIRST_RUN_DELAY_MS);
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}
