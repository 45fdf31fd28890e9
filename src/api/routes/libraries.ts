/**
 * Building-block libraries as resources. Uploads (multipart field `file`) are
 * imported through the library registry and belong to the uploader; bundled
 * and operator-installed libraries are public.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ImportAbortedError } from '../../stock/import-thread.js';
import { LibraryFormat, LibraryTooLargeError } from '../../stock/readers.js';
import { randomTag, timeId } from '../../store/ids.js';
import { otherProcessAlive } from '../../util/process.js';
import type { ApiContext } from '../context.js';
import type { ErrorDetail } from '../../contract/index.js';
import { errorBody, sendNull, sendValidationError } from '../errors.js';
import { libraryOwnerOf, visibleLibrary } from '../params.js';
import { libraryResource } from '../resources.js';
import { sendQuotaExceeded } from '../quotas.js';

const idSchema = {
  params: {
    type: 'object',
    properties: { library_id: { type: 'string', pattern: '^\\w+$', minLength: 1, maxLength: 255 } },
    required: ['library_id'],
  },
};

const FORMATS: LibraryFormat[] = ['smi', 'csv', 'sdf', 'inchikey'];

interface Upload {
  path?: string;
  filename?: string;
  fields: Record<string, string>;
}

export function libraryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/libraries', async (req) => {
    const data = [];
    for (const lib of ctx.libraries.list()) {
      const owner = await libraryOwnerOf(ctx, lib.id);
      if (owner === null) data.push(libraryResource(lib, 'public'));
      else if (owner === req.owner) data.push(libraryResource(lib, 'private'));
    }
    return { object: 'list', data, has_more: false };
  });

  app.get<{ Params: { library_id: string } }>(
    '/libraries/:library_id',
    { schema: idSchema },
    async (req, reply) => {
      const lib = await visibleLibrary(ctx, req.owner, req.params.library_id);
      if (!lib) return sendNull(reply, 404);
      return libraryResource(lib.info, lib.owner === null ? 'public' : 'private');
    },
  );

  app.delete<{ Params: { library_id: string } }>(
    '/libraries/:library_id',
    { schema: idSchema },
    async (req, reply) => {
      const lib = await visibleLibrary(ctx, req.owner, req.params.library_id);
      if (!lib) return sendNull(reply, 404);
      if (lib.owner === null)
        return reply
          .code(403)
          .send(
            errorBody(req, 403, 'forbidden', 'Public libraries cannot be deleted through the API.'),
          );
      // The file goes before its owner row (see libraryOwnerOf).
      ctx.libraries.remove(lib.info.id);
      await ctx.store.forgetLibrary(lib.info.id);
      return libraryResource(lib.info, 'private');
    },
  );

  const uploads = join(ctx.dataDir, 'uploads');
  sweepUploads(uploads);
  app.post('/libraries', async (req, reply) => {
    if ((await ctx.store.librariesOf(req.owner)) >= ctx.quotas.maxLibraries)
      return sendQuotaExceeded(
        req,
        reply,
        `You have ${ctx.quotas.maxLibraries} uploaded libraries, the most allowed: delete one first.`,
      );
    const upload: Upload = { fields: {} };
    try {
      try {
        await receive(req, uploads, upload);
      } catch (e) {
        if (!unreadableMultipart(e)) throw e;
        return sendValidationError(req, reply, [
          {
            location: ['body'],
            error_type: 'multipart_invalid',
            message: `The multipart/form-data body cannot be read: ${(e as Error).message}.`,
          },
        ]);
      }
      const problems = checkUpload(upload);
      if (problems.length) return sendValidationError(req, reply, problems);
      return await importUpload(ctx, req, reply, upload);
    } finally {
      // Every path: imported, refused, over a multipart limit, or the client went away.
      if (upload.path) rmSync(upload.path, { force: true });
    }
  });
}

/** Reads the multipart body into `upload` (its path is set before the file is written). */
async function receive(req: FastifyRequest, dir: string, upload: Upload): Promise<void> {
  if (!req.isMultipart()) return;
  mkdirSync(dir, { recursive: true });
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || upload.path) {
        part.file.resume();
        continue;
      }
      upload.filename = part.filename || 'upload.smi';
      // The name's length is ours, whatever the client's: our pid (see sweepUploads), a
      // random tag and the format's extension (the importer picks the format and gzip from it).
      upload.path = join(dir, `${process.pid}-${randomTag()}${formatSuffix(upload.filename)}`);
      await pipeline(part.file, createWriteStream(upload.path));
    } else if (typeof part.value === 'string') {
      upload.fields[part.fieldname] = part.value;
    }
  }
}

/**
 * A body the multipart parser cannot read (cut short, no boundary, a boundary
 * too long): its errors carry neither an HTTP status (as the plugin's limits
 * do) nor a system error code (a full disk, a client gone away).
 */
function unreadableMultipart(e: unknown): boolean {
  const err = e as { statusCode?: unknown; code?: unknown };
  return e instanceof Error && err.statusCode === undefined && err.code === undefined;
}

/**
 * Removes files of uploads that a server which is gone (crashed, killed) was
 * receiving; servers sharing the folder (PostgreSQL mode) keep theirs.
 */
function sweepUploads(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const pid = Number(/^(\d+)-/.exec(f)?.[1]);
    if (!otherProcessAlive(pid)) rmSync(join(dir, f), { force: true });
  }
}

/** `.smi`, `.csv.gz`, ...: the extension of a known building-block format, or none. */
function formatSuffix(filename: string): string {
  const m = /\.(smi|smiles|ism|txt|csv|tsv|sdf|sd|mol)(\.gz)?$|\.gz$/i.exec(filename);
  return m ? m[0].toLowerCase() : '';
}

function checkUpload(upload: Upload): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const { name, provider, format } = upload.fields;
  if (!upload.path) problems.push({ location: ['body', 'file'], error_type: 'missing' });
  if (name !== undefined && name.length > 256)
    problems.push({ location: ['body', 'name'], error_type: 'string_too_long' });
  if (provider !== undefined && !/^\w{1,64}$/.test(provider))
    problems.push({ location: ['body', 'provider'], error_type: 'string_pattern_mismatch' });
  if (format !== undefined && !FORMATS.includes(format as LibraryFormat))
    problems.push({ location: ['body', 'format'], error_type: 'enum' });
  return problems;
}

async function importUpload(
  ctx: ApiContext,
  req: FastifyRequest,
  reply: FastifyReply,
  upload: Upload,
): Promise<object> {
  const id = timeId('lib');
  const { name, provider, format } = upload.fields;
  // Owned before it exists, so it is never visible to others, not even for a moment.
  await ctx.store.recordLibrary(id, req.owner);
  let report;
  try {
    report = await ctx.libraries.import(upload.path as string, {
      id,
      name: name || upload.filename?.slice(0, 256),
      provider: provider || 'user',
      format: format as LibraryFormat | undefined,
    });
  } catch (e) {
    ctx.libraries.remove(id);
    await ctx.store.forgetLibrary(id);
    return sendImportError(req, reply, e as Error);
  }
  if (report.size === 0) {
    ctx.libraries.remove(id);
    await ctx.store.forgetLibrary(id);
    return sendValidationError(req, reply, [
      {
        location: ['body', 'file'],
        error_type: 'no_building_blocks',
        message: 'No valid building block in the file.',
      },
    ]);
  }
  const info = ctx.libraries.get(id);
  if (!info) return sendNull(reply, 404);
  return {
    ...libraryResource(info, 'private'),
    import_report: {
      rows: report.rows,
      invalid: report.invalid,
      duplicates: report.duplicates,
      invalid_examples: report.invalidExamples.slice(0, 20),
    },
  };
}

const ABORT_TYPES = {
  memory: 'import_out_of_memory',
  timeout: 'import_timeout',
  crash: 'import_failed',
} as const;

/** Over a size or row limit: 413; the import thread out of memory or time, or a bad file: 422. */
function sendImportError(req: FastifyRequest, reply: FastifyReply, e: Error): FastifyReply {
  if (e instanceof LibraryTooLargeError)
    return reply.code(413).send(errorBody(req, 413, e.code, e.message));
  const errorType = e instanceof ImportAbortedError ? ABORT_TYPES[e.reason] : 'invalid_file';
  if (e instanceof ImportAbortedError) req.log.warn({ reason: e.reason }, 'library import stopped');
  return sendValidationError(req, reply, [
    { location: ['body', 'file'], error_type: errorType, message: e.message },
  ]);
}
