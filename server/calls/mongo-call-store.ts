// The calls as stored in MongoDB (CallStore in call-ports.ts).
import type { HydratedDocument } from 'mongoose';
import type { Models } from '../db/models.js';
import type { CallDoc } from './call.model.js';
import type { AdmittedDevice, CallStore, PresentableWork, StoredCall } from './call-ports.js';
import { isPublished } from '../../shared/exchange.js';
import type { CallStatus } from './call-status.js';
import { callOfJoinCode } from './join-codes.js';

export class MongoCallStore implements CallStore {
  constructor(
    private readonly models: Pick<Models, 'Call' | 'School' | 'JoinCode' | 'ExchangeItem'>,
    /** This node's id (node-registry.ts). */
    private readonly nodeId: string,
  ) {}

  async load(callId: string): Promise<StoredCall | null> {
    const call = await this.models.Call.findById(callId);
    return call ? this.withSchools(call) : null;
  }

  async claim(callId: string): Promise<{ movedFrom: string | null }> {
    const before = await this.models.Call.findOneAndUpdate(
      { _id: callId, status: { $ne: 'ended' } },
      { $set: { node: this.nodeId }, $unset: { orphanedAt: 1 } },
      // No projection: FerretDB v1 does not implement one on findAndModify.
    ).lean();
    const previous = before?.node ?? null;
    return { movedFrom: previous && previous !== this.nodeId ? previous : null };
  }

  async byJoinCode(code: string): Promise<StoredCall | null> {
    const call = await callOfJoinCode(this.models as Models, code);
    return call ? this.withSchools(call) : null;
  }

  async saveStatus(callId: string, change: { status: CallStatus; stepStartedAt: Date | null; liveAt?: Date; endedAt?: Date }): Promise<void> {
    await this.models.Call.updateOne({ _id: callId, status: { $ne: 'ended' } }, change);
  }

  async saveStep(callId: string, step: number, stepStartedAt: Date | null): Promise<void> {
    await this.models.Call.updateOne({ _id: callId }, { currentStep: step, stepStartedAt });
  }

  async revokeDevice(callId: string, classId: string, at: Date): Promise<void> {
    // Read-modify-write: FerretDB v1 has no positional `$` update.
    const doc = await this.models.Call.findById(callId);
    if (!doc) return;
    for (const d of doc.devices) if (String(d.classId) === classId) d.revokedAt = at;
    await doc.save();
  }

  async saveAdmitted(callId: string, admitted: AdmittedDevice[]): Promise<void> {
    await this.models.Call.updateOne({ _id: callId }, { admitted });
  }

  async end(callId: string, at: Date): Promise<void> {
    await this.models.Call.updateOne({ _id: callId }, { status: 'ended', endedAt: at });
  }

  async presentableWork(linkId: string, itemId: string): Promise<PresentableWork | null> {
    const item = await this.models.ExchangeItem.findOne({ _id: itemId, linkId, deletedAt: { $exists: false } });
    if (!item || !isPublished(item)) return null;
    return { itemId: item.id, title: item.title, kind: item.kind };
  }

  private async withSchools(call: HydratedDocument<CallDoc>): Promise<StoredCall> {
    const schools = await this.models.School.find({ _id: { $in: call.schoolIds } }, { name: 1, bandwidthCapKbps: 1 });
    return {
      id: call.id,
      title: call.title,
      programmeId: String(call.programmeId),
      linkId: String(call.linkId),
      schoolIds: call.schoolIds.map(String),
      agenda: call.agenda.map((s) => ({ title: s.title, durationMin: s.durationMin, ...(s.kind === 'whiteboard' ? { kind: 'whiteboard' as const } : {}) })),
      currentStep: call.currentStep,
      stepStartedAt: call.stepStartedAt ?? null,
      status: call.status,
      devices: call.devices.map((d) => ({
        classId: String(d.classId),
        className: d.className,
        schoolId: String(d.schoolId),
        code: d.code,
        revoked: !!d.revokedAt,
      })),
      admitted: (call.admitted ?? []).map((a) => ({ tokenHash: a.tokenHash, participantId: a.participantId, name: a.name, classId: a.classId })),
      schools: schools.map((s) => ({ id: s.id, name: s.name, ...(s.bandwidthCapKbps ? { capBps: s.bandwidthCapKbps * 1000 } : {}) })),
    };
  }
}
