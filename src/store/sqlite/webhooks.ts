/**
 * Webhook outbox and secrets on SQLite. Events are rows written in the same
 * transaction as the batch change they report, so a crash can never lose one
 * or report a change that did not happen; senders claim due rows for a lease
 * so two server processes never deliver the same attempt.
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
import type { Db } from './db.js';

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

const DELIVERY_SELECT = `
  SELECT d.id, b.id AS batch_id, d.owner, d.url, d.event, d.body, d.state, d.attempts,
    d.next_attempt, d.created
  FROM webhook_deliveries d JOIN batches b ON b.seq = d.batch`;

export class SqliteWebhooks {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      insert: db.prepare(`
        INSERT INTO webhook_deliveries (id, batch, owner, url, event, body, state, attempts,
          next_attempt, created, updated) VALUES (?, ?, ?, ?, ?, ?, 'pending', '[]', ?, ?, ?)`),
      ofBatch: db.prepare(`${DELIVERY_SELECT} WHERE d.batch = ? ORDER BY d.created, d.id`),
      // Owners take turns: rank each owner's due events oldest first, counting those it
      // already has in flight, and take the lowest ranks within the per-owner cap.
      due: db.prepare(`
        WITH ranked AS (
          SELECT id, owner, next_attempt,
            row_number() OVER (PARTITION BY owner ORDER BY next_attempt, id) AS rank
          FROM webhook_deliveries WHERE state = 'pending' AND next_attempt <= ?),
        turns AS (
          SELECT r.id, r.next_attempt, r.rank + coalesce(busy.value, 0) AS turn
          FROM ranked r LEFT JOIN json_each(?) busy ON busy.key = r.owner)
        ${DELIVERY_SELECT} JOIN turns t ON t.id = d.id
        WHERE t.turn <= ? ORDER BY t.turn, t.next_attempt LIMIT ?`),
      hold: db.prepare('UPDATE webhook_deliveries SET next_attempt = ? WHERE id = ?'),
      attempts: db.prepare('SELECT attempts FROM webhook_deliveries WHERE id = ?'),
      record: db.prepare(`
        UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt = ?, updated = ?
        WHERE id = ?`),
      deleteOfBatch: db.prepare('DELETE FROM webhook_deliveries WHERE batch = ?'),
      secret: db.prepare('SELECT secret, created FROM webhook_secrets WHERE owner = ?'),
      setSecret: db.prepare(`
        INSERT INTO webhook_secrets (owner, secret, created) VALUES (?, ?, ?)
        ON CONFLICT(owner) DO UPDATE SET secret = excluded.secret, created = excluded.created`),
      addSecret: db.prepare(`
        INSERT INTO webhook_secrets (owner, secret, created) VALUES (?, ?, ?)
        ON CONFLICT(owner) DO NOTHING`),
    };
  }

  /** Queues the event for the batch's webhook, if it has one (call inside the transaction). */
  enqueue(seq: number, batch: BatchRecord, type: WebhookEventType, now: number): void {
    if (!batch.webhook) return;
    const id = timeId('whd');
    const body = webhookEventBody(id, type, batch, now);
    this.stmt.insert.run(id, seq, batch.owner, batch.webhook, type, body, now, now, now);
  }

  ofBatch(seq: number): WebhookDelivery[] {
    return (this.stmt.ofBatch.all(seq) as DeliveryRow[]).map(delivery);
  }

  deleteOfBatch(seq: number): void {
    this.stmt.deleteOfBatch.run(seq);
  }

  claimDue(
    now: number,
    limit: number,
    leaseMs: number,
    fairness: WebhookFairness,
  ): WebhookDelivery[] {
    return this.db.transaction(() => {
      const busy = JSON.stringify(fairness.inFlight);
      const rows = this.stmt.due.all(now, busy, fairness.perOwner, limit) as DeliveryRow[];
      for (const r of rows) this.stmt.hold.run(now + leaseMs, r.id);
      return rows.map(delivery);
    })();
  }

  record(id: string, attempt: WebhookAttempt, result: WebhookAttemptResult): void {
    this.db.transaction(() => {
      const text = this.stmt.attempts.pluck().get(id) as string | undefined;
      if (text === undefined) return; // the batch was deleted meanwhile
      const attempts = [...(JSON.parse(text) as WebhookAttempt[]), attempt].slice(
        -MAX_ATTEMPTS_KEPT,
      );
      const next = result.state === 'pending' ? result.retryAt : null;
      this.stmt.record.run(result.state, JSON.stringify(attempts), next, attempt.time, id);
    })();
  }

  secret(owner: string): WebhookSecret | undefined {
    return this.stmt.secret.get(owner) as WebhookSecret | undefined;
  }

  setSecret(owner: string, secret: WebhookSecret, replace: boolean): void {
    (replace ? this.stmt.setSecret : this.stmt.addSecret).run(owner, secret.secret, secret.created);
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
