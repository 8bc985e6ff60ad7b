// Backup and restore of the whole database — every collection, which includes the stored
// files (GridFS: fs.files, fs.chunks) — as one .tar.gz: a manifest, and each collection's
// documents as canonical Extended JSON lines (every BSON type kept: ObjectIds, dates, binary
// data, 32/64-bit integers) with its index definitions. Works the same on the embedded
// FerretDB and on MongoDB, through the driver only.
//
// The safeguarding log's head record and checkpoints are written before the log itself, so
// that a backup taken while Linkroom runs never has a head record ahead of its log (which
// log:verify would rightly report as events deleted from the end).
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BSON, type Db, type Document, type IndexDescription } from 'mongodb';
import * as tar from 'tar';
import { DomainError } from '../errors/domain-error.js';

export const BACKUP_FORMAT = 'linkroom-backup/1';
const INSERT_BATCH_DOCUMENTS = 500;
/** Written first, in this order; every other collection follows by name. */
const FIRST_COLLECTIONS = ['safeguarding_log_head', 'safeguarding_log_checkpoints'];

export class BackupError extends DomainError<'backup-refused'> {
  readonly status = 409;
  constructor(message: string) {
    super('backup-refused', message);
  }
}

interface Manifest {
  format: string;
  createdAt: string;
  database: string;
  linkroomVersion: string;
  collections: { name: string; documents: number; indexes: Document[] }[];
}

export interface Progress {
  (collection: string, documents: number): void;
}

/** Writes the whole database into `archive` (.tar.gz); returns what it wrote. */
export async function backupDatabase(db: Db, archive: string, meta: { linkroomVersion: string }, progress?: Progress): Promise<Manifest> {
  const work = mkdtempSync(path.join(tmpdir(), 'linkroom-backup-'));
  try {
    const dir = path.join(work, 'backup');
    mkdirSync(dir);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
    const ordered = [...FIRST_COLLECTIONS.filter((n) => names.includes(n)), ...names.filter((n) => !FIRST_COLLECTIONS.includes(n)).sort()];
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      database: db.databaseName,
      linkroomVersion: meta.linkroomVersion,
      collections: [],
    };
    for (const name of ordered) {
      const collection = db.collection(name);
      const indexes = (await collection.listIndexes().toArray()).filter((i: Document) => i.name !== '_id_');
      let documents = 0;
      const gzip = createGzip();
      const written = pipeline(gzip, createWriteStream(path.join(dir, `${name}.jsonl.gz`)));
      for await (const doc of collection.find({})) {
        if (!gzip.write(`${BSON.EJSON.stringify(doc, { relaxed: false })}\n`)) await new Promise((r) => gzip.once('drain', r));
        if (++documents % 10_000 === 0) progress?.(name, documents);
      }
      gzip.end();
      await written;
      progress?.(name, documents);
      manifest.collections.push({ name, documents, indexes: indexes as Document[] });
    }
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await tar.create({ gzip: true, file: archive, cwd: work }, ['backup']);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Restores an archive into a database that holds no documents (a new DATA_DIR, or an empty
 * MongoDB database): refused otherwise, changing nothing.
 */
export async function restoreDatabase(db: Db, archive: string, progress?: Progress): Promise<Manifest> {
  const work = mkdtempSync(path.join(tmpdir(), 'linkroom-restore-'));
  try {
    await tar.extract({ file: archive, cwd: work, strict: true });
    const dir = path.join(work, 'backup');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`${archive} is not a Linkroom backup this version reads (${manifest.format}).`);
    const files = new Set(readdirSync(dir));
    for (const c of manifest.collections) {
      if (!files.has(`${c.name}.jsonl.gz`)) throw new BackupError(`The backup is incomplete: ${c.name} is missing.`);
    }
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      if (!name.startsWith('system.') && (await db.collection(name).estimatedDocumentCount()) > 0) {
        throw new BackupError(`The database ${db.databaseName} is not empty (${name} has documents). Restore into a new DATA_DIR or an empty database.`);
      }
    }
    for (const c of manifest.collections) {
      const collection = db.collection(c.name);
      let batch: Document[] = [];
      let documents = 0;
      const flush = async () => {
        if (batch.length) await collection.insertMany(batch, { ordered: true });
        documents += batch.length;
        batch = [];
        progress?.(c.name, documents);
      };
      const lines = createInterface({ input: createReadStream(path.join(dir, `${c.name}.jsonl.gz`)).pipe(createGunzip()), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        batch.push(BSON.EJSON.parse(line, { relaxed: false }) as Document);
        if (batch.length === INSERT_BATCH_DOCUMENTS) await flush();
      }
      await flush();
      if (documents !== c.documents) throw new BackupError(`The backup is damaged: ${c.name} has ${documents} documents, its manifest says ${c.documents}.`);
      for (const { key, name, v: _v, ns: _ns, ...options } of c.indexes as (IndexDescription & { v?: number; ns?: string })[])
        await collection.createIndex(key, { name, ...options });
    }
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
