// An expression of interest as the API shows it.
import type { HydratedDocument } from 'mongoose';
import type { EoiView } from '../../shared/schemas/eoi.js';
import type { EoiDoc } from './eoi.model.js';

export const eoiView = (e: HydratedDocument<EoiDoc>): EoiView => ({
  id: e.id,
  programmeId: String(e.programmeId),
  schoolName: e.schoolName,
  telephone: e.telephone,
  email: e.email,
  headTeacher: e.headTeacher,
  classes: e.classes.map((c) => ({ yearGroup: c.yearGroup, count: c.count })),
  ...(e.preferredKind ? { preferredKind: e.preferredKind } : {}),
  closenessMatters: e.closenessMatters,
  exactYearNotEssential: e.exactYearNotEssential,
  alternativeYearGroups: e.alternativeYearGroups as EoiView['alternativeYearGroups'],
  ...(e.keepPartnerSchoolName ? { keepPartnerSchoolName: e.keepPartnerSchoolName } : {}),
  ...(e.comments ? { comments: e.comments } : {}),
  ...(e.location ? { location: { lat: e.location.lat!, lng: e.location.lng! } } : {}),
  ...(e.profile
    ? {
        profile: {
          ...(e.profile.setting ? { setting: e.profile.setting as 'urban' | 'suburban' | 'rural' } : {}),
          ...(e.profile.faith ? { faith: e.profile.faith as 'faith' | 'non-faith' } : {}),
          ...(e.profile.bands ? { bands: e.profile.bands as Record<string, number> } : {}),
        },
      }
    : {}),
  ...(e.priority !== undefined && e.priority !== null ? { priority: e.priority } : {}),
  submissions: e.submissions,
  ...(e.fee
    ? { fee: { amountPence: e.fee.amountPence, dueAt: e.fee.dueAt.toISOString(), ...(e.fee.paidAt ? { paidAt: e.fee.paidAt.toISOString() } : {}) } }
    : {}),
  submittedAt: e.submittedAt.toISOString(),
});
