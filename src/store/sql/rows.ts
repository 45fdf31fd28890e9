/** Raw rows (the same on SQLite and PostgreSQL) and their conversion to the store's records. */
import type { Diagnosis, Parameters, Route, TargetSummary } from '../../contract/index.js';
import type {
  BatchRecord,
  JobDetail,
  JobError,
  JobRecord,
  JobStatus,
  ParamSetInput,
  RunOptions,
} from '../types.js';

export interface JobRow {
  seq: number;
  id: string;
  owner: string;
  batch: number | null;
  lane: number;
  query: string;
  parameters: string | null;
  param_set: number;
  status: JobStatus;
  attempts: number;
  claim: string | null;
  result: number | null;
  synthesizable: number | null;
  error: string | null;
  created: number;
  updated: number;
  compound_id: string | null;
  /** Joined from the batch for batch jobs. */
  batch_id: string | null;
  batch_parameters: string | null;
}

export interface JobDetailRow extends JobRow {
  routes: string | null;
  summary: string | null;
  diagnosis: string | null;
}

export interface BatchRow {
  seq: number;
  id: string;
  owner: string;
  name: string | null;
  description: string | null;
  filename: string | null;
  parameters: string;
  lane: number;
  created: number;
  updated: number;
  total_jobs: number;
  submitted_jobs: number;
  processing_jobs: number;
  completed_jobs: number;
  failed_jobs: number;
  canceled_jobs: number;
  priority: number;
  auto_complete: number;
  paused: number;
  webhook: string | null;
  tags: string | null;
  run_options: string | null;
  closed_at: number | null;
  canceled_at: number | null;
  completed_at: number | null;
}

export interface ParamSetRow {
  id: number;
  cache_key: string;
  run_parameters: string;
  engine_version: string;
  library_versions: string;
  run_options: string | null;
}

export function jobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    owner: row.owner,
    batchId: row.batch_id,
    query: row.query,
    parameters: JSON.parse(row.parameters ?? row.batch_parameters ?? '{}') as Parameters,
    status: row.status,
    attempts: row.attempts,
    created: row.created,
    updated: row.updated,
    synthesizable: row.synthesizable === null ? null : row.synthesizable === 1,
    error: row.error ? (JSON.parse(row.error) as JobError) : null,
    compoundId: row.compound_id ?? null,
  };
}

export function jobDetail(row: JobDetailRow): JobDetail {
  return {
    ...jobRecord(row),
    routes: row.routes ? (JSON.parse(row.routes) as Route[]) : [],
    summary: row.summary ? (JSON.parse(row.summary) as TargetSummary) : null,
    diagnosis: row.diagnosis ? (JSON.parse(row.diagnosis) as Diagnosis) : null,
  };
}

export function batchRecord(row: BatchRow): BatchRecord {
  return {
    id: row.id,
    owner: row.owner,
    name: row.name,
    description: row.description,
    filename: row.filename,
    parameters: JSON.parse(row.parameters) as Parameters,
    created: row.created,
    updated: row.updated,
    counts: {
      total: row.total_jobs,
      submitted: row.submitted_jobs,
      processing: row.processing_jobs,
      completed: row.completed_jobs,
      failed: row.failed_jobs,
      canceled: row.canceled_jobs,
    },
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
    priority: row.priority,
    webhook: row.webhook,
    autoComplete: row.auto_complete === 1,
    paused: row.paused === 1,
    closedAt: row.closed_at,
    canceledAt: row.canceled_at,
    completedAt: row.completed_at,
    runOptions: row.run_options ? (JSON.parse(row.run_options) as BatchRecord['runOptions']) : {},
  };
}

export function paramSetInput(row: ParamSetRow): ParamSetInput {
  return {
    runParameters: JSON.parse(row.run_parameters) as Parameters,
    engineVersion: row.engine_version,
    libraryVersions: JSON.parse(row.library_versions) as Record<string, string>,
    ...(row.run_options ? (JSON.parse(row.run_options) as RunOptions) : {}),
  };
}
