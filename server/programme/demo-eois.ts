// Demo expressions of interest: schools asking to join, with the answers, locations and
// profiles a coordinator would have, so that the matching screen has something to match.
import type { Types } from 'mongoose';
import { schoolKey } from '../../shared/schemas/eoi.js';
import type { Models } from '../db/models.js';

type Setting = 'urban' | 'suburban' | 'rural';
// name, classes, (1) close, (2) not essential, (3) alternatives, lat, lng, setting, faith, deprivation, priority, partner
const FORMS: [string, [string, number][], boolean, boolean, string[], number, number, Setting, boolean, number, boolean, string?][] = [
  ['Meadowbank Primary', [['Y4', 2]], false, false, ['Y5'], 53.062, -2.19, 'urban', false, 5, true],
  ['Northgate Primary', [['Y4', 2]], true, false, [], 53.171, -2.402, 'rural', true, 1, false],
  ['Orchard Lane Primary', [['Y4', 1]], false, true, [], 53.095, -2.21, 'suburban', false, 3, false],
  ['Pennine View CE Primary', [['Y5', 1]], false, true, [], 53.188, -2.37, 'rural', true, 2, true],
  ['Queensway Primary', [['Y5', 2]], true, false, [], 53.074, -2.2, 'urban', false, 5, false],
  [
    'Riverside Primary',
    [
      ['Y5', 1],
      ['Y6', 1],
    ],
    false,
    true,
    [],
    53.081,
    -2.233,
    'urban',
    false,
    4,
    false,
  ],
  ['St Aidan’s RC Primary', [['Y4', 1]], false, false, [], 53.14, -2.33, 'suburban', true, 2, true],
  ['Thornbury Primary', [['Y6', 1]], false, false, [], 53.2, -2.42, 'rural', false, 1, false],
  ['Upton Fold Primary', [['Y4', 1]], true, false, [], 53.066, -2.205, 'urban', false, 4, false, 'Valley Road Primary'],
  ['Valley Road Primary', [['Y4', 1]], true, false, [], 53.069, -2.212, 'urban', true, 3, false, 'Upton Fold Primary'],
  ['Westfield Junior School', [['Y5', 2]], false, false, ['Y4'], 53.158, -2.35, 'rural', false, 2, false],
  ['Yew Tree Primary', [['Y3', 1]], false, true, [], 53.099, -2.186, 'suburban', false, 3, true],
];

export async function seedDemoEois(models: Models, programmeId: Types.ObjectId): Promise<number> {
  await models.Eoi.insertMany(
    FORMS.map(
      ([schoolName, classes, closenessMatters, exactYearNotEssential, alternativeYearGroups, lat, lng, setting, faith, deprivation, priority, partner], i) => ({
        programmeId,
        schoolKey: schoolKey(schoolName),
        schoolName,
        telephone: `01632 96${String(i).padStart(4, '0')}`,
        email: `head${i}@eoi.demo.linkroom.test`,
        headTeacher: `Head of ${schoolName}`,
        classes: classes.map(([yearGroup, count]) => ({ yearGroup, count })),
        closenessMatters,
        exactYearNotEssential,
        alternativeYearGroups,
        ...(partner ? { keepPartnerSchoolName: partner } : {}),
        location: { lat, lng },
        profile: { setting, faith: faith ? 'faith' : 'non-faith', bands: { deprivation } },
        priority,
        submittedAt: new Date(),
      }),
    ),
  );
  return FORMS.length;
}
