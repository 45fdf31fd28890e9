/**
 * Webhook outbox and secrets on PostgreSQL. Events are written in the
 * transaction of the batch change they report; senders in any number of API
 * processes claim due rows with `FOR UPDATE SKIP LOCKED` and hold them for a
 * lease, so each attempt is made by exactly one process.
 */
import { timeId } from '../ids.js';
import { webhookEventBody } from '../webhook-event.js';
import type {
  BatchRecord,
  WebhookAttempt,
  WebhookAttemptResult,
  WebhookDelivery,
  WebhookDeliveryState,
  WebhookEventType,
  WebhookFairness,
  WebhookSecret,
} from '../types.js';
import type { PgDb, Tx } from './db.js';

interface DeliveryRow {
  id: string;
  batch_id: string;
  owner: string;
  url: string;
  event: WebhookEventType;
  body: string;
  state: WebhookDeliveryState;
  attempts: string;
  next_attempt: number | null;
  created: number;
}

/** Attempts kept per delivery (an hour of exponential backoff makes about a dozen). */
const MAX_ATTEMPTS_KEPT = 50;

const DELIVERY_COLUMNS = `d.id, b.id AS batch_id, d.owner, d.url, d.event, d.body, d.state,
  d.attempts, d.next_attempt, d.created`;

/** Queues the event for the batch's webhook, if it has one (inside the transaction). */
export async function enqueueWebhook(
  tx: Tx,
  seq: number,
  batch: BatchRecord,
  type: WebhookEventType,
  now: number,
): Promise<void> {
  if (!batch.webhook) return;
  const id = timeId('whd');
  const body = webhookEventBody(id, type, batch, now);
  await tx.query(
    `INSERT INTO webhook_deliveries (id, batch, owner, url, event, body, state, attempts,
       next_attempt, created, updated) VALUES ($1, $2, $3, $4, $5, $6, 'pending', '[]', $7, $7, $7)`,
    [id, seq, batch.owner, batch.webhook, type, body, now],
  );
}

export class PgWebhooks {
  constructor(private readonly db: PgDb) {}

  async ofBatch(seq: number): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN batches b ON b.seq = d.batch
       WHERE d.batch = $1 ORDER BY d.created, d.id`,
      [seq],
    );
    return rows.map(delivery);
  }

  /**
   * Owners take turns: each owner's due events are ranked oldest first, counting
   * those it already has in flight, and the lowest ranks within the per-owner
   * cap are taken. Rows another sender holds meanwhile are skipped.
   */
  async claimDue(
    now: number,
    limit: number,
    leaseMs: number,
    fairness: WebhookFairness,
  ): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<DeliveryRow & { turn: number }>(
      `WITH ranked AS (
         SELECT id, owner, next_attempt,
           row_number() OVER (PARTITION BY owner ORDER BY next_attempt, id) AS rank
         FROM webhook_deliveries WHERE state = 'pending' AND next_attempt <= $1),
       picked AS (
         SELECT r.id, r.rank + coalesce(busy.value::int, 0) AS turn, r.next_attempt
         FROM ranked r LEFT JOIN jsonb_each_text($4::jsonb) busy ON busy.key = r.owner
         WHERE r.rank + coalesce(busy.value::int, 0) <= $5
         ORDER BY turn, r.next_attempt LIMIT $2),
       due AS (
         SELECT d.id FROM webhook_deliveries d JOIN picked p ON p.id = d.id
         WHERE d.state = 'pending' AND d.next_attempt <= $1
         FOR UPDATE OF d SKIP LOCKED),
       held AS (
         UPDATE webhook_deliveries d SET next_attempt = $3 FROM due WHERE d.id = due.id
         RETURNING d.*)
       SELECT ${DELIVERY_COLUMNS} FROM held d JOIN batches b ON b.seq = d.batch`,
      [now, limit, now + leaseMs, JSON.stringify(fairness.inFlight), fairness.perOwner],
    );
    return rows.map(delivery).sort((a, b) => a.created - b.created);
  }

  async record(id: string, attempt: WebhookAttempt, result: WebhookAttemptResult): Promise<void> {
    await this.db.tx(async (tx) => {
      const row = await tx.one<{ attempts: string }>(
        'SELECT attempts FROM webhook_deliveries WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row) return; // the batch was deleted meanwhile
      const attempts = [...(JSON.parse(row.attempts) as WebhookAttempt[]), attempt].slice(
        -MAX_ATTEMPTS_KEPT,
      );
      const next = result.state === 'pending' ? result.retryAt : null;
      await tx.query(
        `UPDATE webhook_deliveries SET state = $1, attempts = $2, next_attempt = $3, updated = $4
         WHERE id = $5`,
        [result.state, JSON.stringify(attempts), next, attempt.time, id],
      );
    });
  }

  async secret(owner: string): Promise<WebhookSecret | undefined> {
    return this.db.one<WebhookSecret>(
      'SELECT secret, created FROM webhook_secrets WHERE owner = $1',
      [owner],
    );
  }

  async setSecret(owner: string, secret: WebhookSecret, replace: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_secrets (owner, secret, created) VALUES ($1, $2, $3)
       ON CONFLICT (owner) DO ${replace ? 'UPDATE SET secret = excluded.secret, created = excluded.created' : 'NOTHING'}`,
      [owner, secret.secret, secret.created],
    );
  }
}

function delivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    batchId: row.batch_id,
    owner: row.owner,
    url: row.url,
    event: row.event,
    body: row.body,
    state: row.state,
    attempts: JSON.parse(row.attempts) as WebhookAttempt[],
    created: row.created,
    nextAttempt: row.next_attempt,
  };
}
