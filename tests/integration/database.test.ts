import { Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { probeDatabase } from '../../server/db/database.js';
import { useTestDatabase } from '../support/test-database.js';

const db = useTestDatabase('database');

describe('the embedded database (or MONGODB_URI)', () => {
  it('round-trips a mongoose model', async () => {
    const School = db.connection().model('School', new Schema({ name: { type: String, required: true }, postcode: String, yearGroups: [String] }));
    const created = await School.create({ name: 'Brookfield Primary', postcode: 'ZZ1 1AA', yearGroups: ['Y4', 'Y5'] });
    const found = await School.findById(created._id).lean();
    expect(found).toMatchObject({ name: 'Brookfield Primary', postcode: 'ZZ1 1AA', yearGroups: ['Y4', 'Y5'] });
    await School.updateOne({ _id: created._id }, { $push: { yearGroups: 'Y6' } });
    expect((await School.findById(created._id).lean())?.yearGroups).toEqual(['Y4', 'Y5', 'Y6']);
    await School.deleteOne({ _id: created._id });
    expect(await School.countDocuments()).toBe(0);
  });

  it('rejects a document that breaks the schema and stores nothing', async () => {
    const Class = db.connection().model('Class', new Schema({ name: { type: String, required: true } }));
    await expect(Class.create({})).rejects.toThrow(/name/);
    expect(await Class.countDocuments()).toBe(0);
  });

  it('enforces a unique index', async () => {
    const User = db.connection().model('User', new Schema({ email: { type: String, unique: true } }));
    await User.init();
    await User.create({ email: 'teacher@example.test' });
    await expect(User.create({ email: 'teacher@example.test' })).rejects.toMatchObject({ code: 11000 });
  });

  it('reports what kind of server it is', async () => {
    const health = await probeDatabase(db.connection());
    expect(health.ok).toBe(true);
    expect(['ferretdb', 'mongodb']).toContain(health.kind);
    expect(health.version).toMatch(/^v?\d+\.\d+/);
  });
});
