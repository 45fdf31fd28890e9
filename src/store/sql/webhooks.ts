/**
 * Webhook outbox and secrets. Events are rows written in the transaction of
 * the batch change they report, so a crash can never lose one or report a
 * change that did not happen. Senders (in any number of API processes on
 * PostgreSQL) claim due rows, skipping rows another sender is claiming, and
 * hold them for a lease, so each attempt is made by exactly one process.
 */
import { timeId } from '../ids.js';
import type {
  BatchRecord,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryState,
  WebhookEventType,
  WebhookStore,
} from '../types.js';
import { UNCAPPED, webhookEventBody } from '../webhook-event.js';
import { ownedBatch } from './lookups.js';
import { Op, rows, value, write } from './op.js';
import type { SqlContext } from './context.js';

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

/** Queues the event for the batch's webhook, if it has one (inside the transaction). */
export function* enqueueWebhook(
  seq: number,
  batch: BatchRecord,
  type: WebhookEventType,
  now: number,
): Op<void> {
  if (!batch.webhook) return;
  const id = timeId('whd');
  const body = webhookEventBody(id, type, batch, now);
  yield* write(
    `INSERT INTO webhook_deliveries (id, batch, owner, url, event, body, state, attempts,
       next_attempt, created, updated) VALUES (?, ?, ?, ?, ?, ?, 'pending', '[]', ?, ?, ?)`,
    [id, seq, batch.owner, batch.webhook, type, body, now, now, now],
  );
}

export function sqlWebhookStore({ exec, d, tx }: SqlContext): WebhookStore {
  return {
    async webhookDeliveries(owner, batchId) {
      return exec.run(
        (function* () {
          const batch = yield* ownedBatch(d, owner, batchId);
          if (!batch) return undefined;
          const found = yield* rows<DeliveryRow>(
            `${DELIVERY_SELECT} WHERE d.batch = ? ORDER BY d.created, d.id`,
            [batch.seq],
          );
          return found.map(delivery);
        })(),
      );
    },

    async getWebhookSecret(owner) {
      const [secret] = await exec.run(
        rows<{ secret: string; created: number }>(
          'SELECT secret, created FROM webhook_secrets WHERE owner = ?',
          [owner],
        ),
      );
      return secret;
    },

    async setWebhookSecret(owner, secret, replace = true) {
      const onConflict = replace
        ? 'UPDATE SET secret = excluded.secret, created = excluded.created'
        : 'NOTHING';
      await exec.run(
        write(
          `INSERT INTO webhook_secrets (owner, secret, created) VALUES (?, ?, ?)
           ON CONFLICT (owner) DO ${onConflict}`,
          [owner, secret.secret, secret.created],
        ),
      );
    },

    /**
     * Owners take turns: each owner's due events are ranked oldest first,
     * counting those it already has in flight, and the lowest ranks within the
     * per-owner cap are taken. Rows another sender holds meanwhile are skipped.
     */
    async claimDueWebhooks(now, limit, leaseMs, fairness = UNCAPPED) {
      return tx(function* () {
        const busy = d.entries(fairness.inFlight);
        const turns = yield* rows<{ id: string }>(
          `WITH ranked AS (
             SELECT id, owner, next_attempt,
               row_number() OVER (PARTITION BY owner ORDER BY next_attempt, id) AS rank
             FROM webhook_deliveries WHERE state = 'pending' AND next_attempt <= ?)
           SELECT r.id FROM ranked r LEFT JOIN ${busy.sql} busy ON busy.key = r.owner
           WHERE r.rank + coalesce(busy.value, 0) <= ?
           ORDER BY r.rank + coalesce(busy.value, 0), r.next_attempt LIMIT ?`,
          [now, ...busy.params, fairness.perOwner, limit],
        );
        if (!turns.length) return [];
        const picked = d.anyOf(
          'id',
          turns.map((t) => t.id),
        );
        const held = yield* rows<{ id: string }>(
          `SELECT id FROM webhook_deliveries
           WHERE ${picked.sql} AND state = 'pending' AND next_attempt <= ?${d.lock({ skip: true })}`,
          [...picked.params, now],
        );
        if (!held.length) return [];
        const ids = held.map((h) => h.id);
        const hold = d.anyOf('id', ids);
        yield* write(`UPDATE webhook_deliveries SET next_attempt = ? WHERE ${hold.sql}`, [
          now + leaseMs,
          ...hold.params,
        ]);
        const mine = d.anyOf('d.id', ids);
        const found = yield* rows<DeliveryRow>(`${DELIVERY_SELECT} WHERE ${mine.sql}`, mine.params);
        const byId = new Map(found.map((r) => [r.id, delivery(r)]));
        // In turn order.
        return turns.filter((t) => byId.has(t.id)).map((t) => byId.get(t.id)!);
      });
    },

    async recordWebhookAttempt(id, attempt, result) {
      await tx(function* () {
        const text = yield* value<string>(
          `SELECT attempts FROM webhook_deliveries WHERE id = ?${d.lock()}`,
          [id],
        );
        if (text === undefined) return; // the batch was deleted meanwhile
        const attempts = [...(JSON.parse(text) as WebhookAttempt[]), attempt].slice(
          -MAX_ATTEMPTS_KEPT,
        );
        const next = result.state === 'pending' ? result.retryAt : null;
        yield* write(
          `UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt = ?, updated = ?
           WHERE id = ?`,
          [result.state, JSON.stringify(attempts), next, attempt.time, id],
        );
      });
    },
  };
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
