// Programmes, schools and classes.
import { Router } from 'express';
import { Types } from 'mongoose';
import {
  CreateClassSchema,
  CreateProgrammeSchema,
  CreateSchoolSchema,
  UpdateClassSchema,
  UpdateProgrammeSchema,
  UpdateSchoolSchema,
} from '../../../shared/schemas/programme.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../../shared/programme-template.js';
import { hasGrant } from '../../accounts/grants.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, allowed, authorize, requireUser } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { idParam } from '../../errors/parse-input.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';
import { classView, programmeView, schoolView } from '../views.js';

export function programmeRoutes(ctx: AppContext): Router {
  const { Programme, School, Class, User } = ctx.models;
  const router = Router();

  router.get('/programmes', async (req, res) => {
    const auth = requireUser(req);
    const ids = [...new Set(auth.principal.grants.map((g) => g.programmeId))];
    const programmes = await Programme.find({ _id: { $in: ids } }).sort({ academicYear: -1 });
    res.json(programmes.filter((p) => allowed(req, 'programme:read', { programmeId: p.id })).map(programmeView));
  });

  router.post('/programmes', async (req, res) => {
    const { auth, grant } = authorize(req, 'programme:create', null);
    const body = parse(CreateProgrammeSchema, req.body);
    const _id = new Types.ObjectId();
    const programme = await recordThen(
      ctx.log,
      { actor: actorOf(auth), role: grant.role, scope: { programmeId: _id.toString() }, type: 'programme.created', payload: { name: body.name } },
      async () => {
        const created = await Programme.create({
          _id,
          ...body,
          retention: body.retention ?? DEFAULT_RETENTION,
          plan: body.plan ?? SCHOOLS_LINKING_TEMPLATE,
        });
        // The coordinator who creates a programme coordinates it.
        await User.updateOne({ _id: auth.userId }, { $push: { grants: { role: 'coordinator', programmeId: _id } } });
        return created;
      },
    );
    res.status(201).json(programmeView(programme));
  });

  router.get('/programmes/:programmeId', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    authorize(req, 'programme:read', { programmeId: programme.id });
    res.json(programmeView(programme));
  });

  router.patch('/programmes/:programmeId', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'programme:update', { programmeId: programme.id });
    const body = parse(UpdateProgrammeSchema, req.body);
    await recordThen(
      ctx.log,
      { actor: actorOf(auth), role: grant.role, scope: { programmeId: programme.id }, type: 'programme.updated', payload: { fields: Object.keys(body) } },
      () => programme.set(body).save(),
    );
    res.json(programmeView(programme));
  });

  router.get('/programmes/:programmeId/schools', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    authorize(req, 'programme:read', { programmeId });
    const schools = await School.find({ programmeId }).sort({ name: 1 });
    res.json(schools.filter((s) => allowed(req, 'school:read', { programmeId, schoolIds: [s.id] })).map(schoolView));
  });

  router.post('/programmes/:programmeId/schools', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'school:create', { programmeId: programme.id });
    const body = parse(CreateSchoolSchema, req.body);
    const _id = new Types.ObjectId();
    const school = await recordThen(
      ctx.log,
      {
        actor: actorOf(auth),
        role: grant.role,
        scope: { programmeId: programme.id, schoolIds: [_id.toString()] },
        type: 'school.created',
        payload: { name: body.name },
      },
      () => School.create({ _id, programmeId: programme._id, ...body }),
    );
    res.status(201).json(schoolView(school));
  });

  router.patch('/schools/:schoolId', async (req, res) => {
    const school = await loadOr404(School, req.params.schoolId, 'school');
    const scope = { programmeId: String(school.programmeId), schoolIds: [school.id] };
    const { auth, grant } = authorize(req, 'school:update', scope);
    const body = parse(UpdateSchoolSchema, req.body);
    await recordThen(ctx.log, { actor: actorOf(auth), role: grant.role, scope, type: 'school.updated', payload: { fields: Object.keys(body) } }, () =>
      school.set(body).save(),
    );
    res.json(schoolView(school));
  });

  router.get('/programmes/:programmeId/classes', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    authorize(req, 'programme:read', { programmeId });
    const classes = await Class.find({ programmeId }).sort({ name: 1 });
    res.json(classes.filter((c) => allowed(req, 'class:read', { programmeId, schoolIds: [String(c.schoolId)], classIds: [c.id] })).map(classView));
  });

  /** Teachers named on a class must hold the teacher role for its school. (Filtered here:
   * FerretDB v1 has no $elemMatch on fields.) */
  async function checkTeachers(programmeId: string, schoolId: string, teacherIds: string[]): Promise<void> {
    if (teacherIds.length === 0) return;
    const users = await User.find({ _id: { $in: teacherIds } }, { grants: 1 });
    const teachers = users.filter((u) => hasGrant(u.grants, 'teacher', programmeId, schoolId));
    if (teachers.length !== new Set(teacherIds).size) {
      throw new Refusal(400, 'bad-request', 'body.teacherIds: every teacher must be a teacher of this class’s school in this programme');
    }
  }

  router.post('/programmes/:programmeId/classes', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'class:create', { programmeId: programme.id });
    const body = parse(CreateClassSchema, req.body);
    const school = await School.findOne({ _id: body.schoolId, programmeId: programme._id });
    if (!school) throw new Refusal(400, 'bad-request', 'body.schoolId: no such school in this programme');
    await checkTeachers(programme.id, school.id, body.teacherIds);
    const _id = new Types.ObjectId();
    const cls = await recordThen(
      ctx.log,
      {
        actor: actorOf(auth),
        role: grant.role,
        scope: { programmeId: programme.id, schoolIds: [school.id] },
        type: 'class.created',
        payload: { classId: _id.toString(), name: body.name, yearGroup: body.yearGroup },
      },
      () => Class.create({ _id, programmeId: programme._id, ...body }),
    );
    res.status(201).json(classView(cls));
  });

  router.patch('/classes/:classId', async (req, res) => {
    const cls = await loadOr404(Class, req.params.classId, 'class');
    const scope = { programmeId: String(cls.programmeId), schoolIds: [String(cls.schoolId)], classIds: [cls.id] };
    const { auth, grant } = authorize(req, 'class:update', scope);
    const body = parse(UpdateClassSchema, req.body);
    if (body.teacherIds) await checkTeachers(scope.programmeId, scope.schoolIds[0]!, body.teacherIds);
    await recordThen(
      ctx.log,
      { actor: actorOf(auth), role: grant.role, scope, type: 'class.updated', payload: { classId: cls.id, fields: Object.keys(body) } },
      () => cls.set(body).save(),
    );
    res.json(classView(cls));
  });

  return router;
}
