import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import * as yauzl from 'yauzl';

export interface UploadedFile {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

export interface ZipUpload {
  report: UploadedFile;
  attachments: UploadedFile[];
}

export class ZipUploadError extends Error {
  constructor(
    readonly code: 'invalid_zip' | 'no_report_in_zip' | 'several_reports_in_zip' | 'zip_too_large' | 'too_many_files' | 'unsafe_file_name',
    message: string,
  ) {
    super(message);
    this.name = 'ZipUploadError';
  }
}

const MAX_FILES = 200;
const TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Reads a goAML web style upload: one goAML XML plus attachments. Sizes are checked while
 * inflating (a declared size can lie), so a ZIP bomb stops at `maxBytes` of output.
 */
export async function readZipUpload(zip: Buffer, maxBytes: number): Promise<ZipUpload> {
  let archive: yauzl.ZipFile;
  try {
    archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    throw new ZipUploadError('invalid_zip', `Not a readable ZIP file: ${(error as Error).message}`);
  }
  const files: UploadedFile[] = [];
  let total = 0;
  try {
    for await (const entry of entries(archive)) {
      if (entry.fileName.endsWith('/')) continue;
      if (files.length >= MAX_FILES) throw new ZipUploadError('too_many_files', `A ZIP may hold at most ${MAX_FILES} files`);
      if (entry.fileName.includes('..') || entry.fileName.startsWith('/')) throw new ZipUploadError('unsafe_file_name', `Unsafe file name ${entry.fileName}`);
      if (total + entry.uncompressedSize > maxBytes) throw tooLarge(maxBytes);
      const chunks: Buffer[] = [];
      const stream = await archive.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes) {
          stream.destroy();
          throw tooLarge(maxBytes);
        }
        chunks.push(chunk);
      }
      const content = Buffer.concat(chunks);
      const name = entry.fileName.split('/').pop()!;
      files.push({
        name,
        contentType: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
      });
    }
  } catch (error) {
    if (error instanceof ZipUploadError) throw error;
    throw new ZipUploadError('invalid_zip', `The ZIP file is damaged: ${(error as Error).message}`);
  } finally {
    archive.close();
  }
  const reports = files.filter((file) => file.contentType === 'application/xml');
  if (reports.length === 0) throw new ZipUploadError('no_report_in_zip', 'The ZIP holds no .xml goAML report');
  if (reports.length > 1) throw new ZipUploadError('several_reports_in_zip', `The ZIP holds ${reports.length} .xml files; put one report per upload`);
  return { report: reports[0], attachments: files.filter((file) => file !== reports[0]) };
}

function tooLarge(maxBytes: number): ZipUploadError {
  return new ZipUploadError('zip_too_large', `The unpacked upload is larger than ${maxBytes} bytes`);
}

async function* entries(archive: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (found: yauzl.Entry) => finish(found);
      const onEnd = () => finish(null);
      const onError = (error: Error) => {
        archive.off('entry', onEntry).off('end', onEnd);
        reject(error);
      };
      const finish = (found: yauzl.Entry | null) => {
        archive.off('entry', onEntry).off('end', onEnd).off('error', onError);
        resolve(found);
      };
      archive.once('entry', onEntry).once('end', onEnd).once('error', onError);
      archive.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}
