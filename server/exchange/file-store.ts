// The exchange's files in the database (GridFS): streamed in from a file on disk and
// streamed out to a response, never held whole in memory.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, ObjectId, type Db } from 'mongodb';
import type { Readable } from 'node:stream';

export const EXCHANGE_BUCKET = 'exchange_files';

export class ExchangeFileStore {
  private readonly bucket: GridFSBucket;

  constructor(db: Db) {
    this.bucket = new GridFSBucket(db, { bucketName: EXCHANGE_BUCKET });
  }

  async putFile(filePath: string, name: string, contentType: string): Promise<ObjectId> {
    const upload = this.bucket.openUploadStream(name, { metadata: { contentType } });
    await pipeline(createReadStream(filePath), upload);
    return upload.id;
  }

  async putBuffer(data: Buffer, name: string, contentType: string): Promise<ObjectId> {
    const upload = this.bucket.openUploadStream(name, { metadata: { contentType } });
    await new Promise<void>((resolve, reject) => upload.end(data, (err?: Error | null) => (err ? reject(err) : resolve())));
    return upload.id;
  }

  open(id: ObjectId): Readable {
    return this.bucket.openDownloadStream(id);
  }

  async remove(id: ObjectId | null | undefined): Promise<void> {
    if (!id) return;
    await this.bucket.delete(id).catch((err: { message?: string }) => {
      if (!/not found/i.test(err?.message ?? '')) throw err;
    });
  }
}
