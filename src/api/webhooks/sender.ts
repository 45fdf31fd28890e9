/**
 * Delivers queued webhook events. Events are rows in the store (written with
 * the batch change they report), so a restart loses nothing: the sender
 * claims due rows, POSTs each signed body, and records the attempt; a failure
 * is retried with exponential backoff until the event is `maxAgeMs` old.
 * Redirects are not followed (a 3xx is a failed attempt). Targets the policy
 * refuses (see policy.ts) fail at once, before any connection is made.
 */
import type { Store, WebhookAttemptResult, WebhookDelivery } from '../../store/types.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody } from './signing.js';
import type { WebhookSecrets } from './secret-box.js';
import { WebhookPolicy, WebhookPolicyOptions } from './policy.js';
import { DeliveryError, pinAddress, postPinned, Resolver, systemResolver } from './transport.js';

export interface WebhookOptions extends WebhookPolicyOptions {
  /** Fallback poll for due deliveries (new events also wake the sender through `kick`). */
  pollMs: number;
  /** Delay before the first retry; each further retry waits twice as long. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** An event still undelivered this long after it was queued is given up. */
  maxAgeMs: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Deliveries attempted at once by this process. */
  concurrency: number;
  /** Deliveries of one owner attempted at once: slow receivers of one owner never take every slot. */
  perOwner: number;
  /** Host names to addresses (tests stub it: no real DNS). */
  resolve: Resolver;
}

export const WEBHOOK_DEFAULTS: WebhookOptions = {
  pollMs: 1_000,
  baseDelayMs: 5_000,
  maxDelayMs: 10 * 60_000,
  maxAgeMs: 60 * 60_000,
  timeoutMs: 10_000,
  concurrency: 8,
  perOwner: 2,
  allowPrivate: false,
  allowCidrs: [],
  resolve: systemResolver,
};

interface Logger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * A pool of `concurrency` delivery slots: whenever one frees, due events are
 * claimed again, owners taking turns and none holding more than `perOwner`
 * slots, so one owner's slow receivers delay only that owner's events.
 */
export class WebhookSender {
  private timer: NodeJS.Timeout | undefined;
  private cycle: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Aborts attempts in flight at shutdown (they are retried after the lease, not recorded). */
  private readonly stopping = new AbortController();
  private readonly inFlight = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  readonly policy: WebhookPolicy;

  constructor(
    private readonly store: Store,
    private readonly options: WebhookOptions,
    private readonly secrets: WebhookSecrets,
    private readonly log: Logger,
  ) {
    this.policy = new WebhookPolicy(options);
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  /** Events may be due, or a slot was freed. */
  kick(): void {
    if (this.stopped) return;
    if (this.cycle) {
      this.again = true;
      return;
    }
    this.cycle = this.claim().finally(() => {
      this.cycle = undefined;
      if (this.again) this.kick();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stopping.abort();
    await this.cycle;
    await Promise.all(this.running);
  }

  /** Fills free slots with due events until none is left that may start now. */
  private async claim(): Promise<void> {
    try {
      do {
        this.again = false;
        const free = this.options.concurrency - this.running.size;
        if (free <= 0) return;
        // Held for the longest an attempt can take, so no other sender repeats it meanwhile.
        const lease = this.options.timeoutMs + 5_000;
        const due = await this.store.claimDueWebhooks(Date.now(), free, lease, {
          perOwner: this.options.perOwner,
          inFlight: Object.fromEntries(this.inFlight),
        });
        for (const d of due) this.begin(d);
        if (due.length === free) this.again = true;
      } while (this.again && !this.stopped);
    } catch (e) {
      this.log.error({ err: e }, 'webhook delivery failed');
    }
  }

  private begin(d: WebhookDelivery): void {
    this.inFlight.set(d.owner, (this.inFlight.get(d.owner) ?? 0) + 1);
    const attempt: Promise<void> = this.deliver(d)
      .catch((e: unknown) => this.log.error({ err: e, delivery: d.id }, 'webhook delivery failed'))
      .finally(() => {
        const left = (this.inFlight.get(d.owner) ?? 1) - 1;
        if (left > 0) this.inFlight.set(d.owner, left);
        else this.inFlight.delete(d.owner);
        this.running.delete(attempt);
        this.kick();
      });
    this.running.add(attempt);
  }

  private async deliver(d: WebhookDelivery): Promise<void> {
    const { secret } = await this.secrets.ensure(d.owner);
    const time = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let permanent = false;
    try {
      const url = new URL(d.url);
      const signal = AbortSignal.any([
        AbortSignal.timeout(this.options.timeoutMs),
        this.stopping.signal,
      ]);
      const address = await pinAddress(url, this.policy, this.options.resolve, signal);
      statusCode = await postPinned({
        url,
        address,
        body: d.body,
        signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SynRoute-Webhook',
          [SIGNATURE_HEADER]: signBody(secret, d.body),
          [EVENT_HEADER]: d.event,
          [DELIVERY_HEADER]: d.id,
        },
      });
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (e) {
      if (this.stopped) return;
      error = e instanceof DeliveryError ? e.message : 'delivery failed';
      permanent = e instanceof DeliveryError && e.permanent;
    }
    const now = Date.now();
    const result: WebhookAttemptResult =
      error === null
        ? { state: 'delivered' }
        : permanent
          ? { state: 'failed' }
          : this.retry(d, now);
    if (result.state === 'failed')
      this.log.warn({ delivery: d.id, url: d.url, error }, 'webhook given up');
    const attempt = { time, statusCode, error, durationMs: now - time };
    await this.store.recordWebhookAttempt(d.id, attempt, result);
  }

  /** The next attempt after `d.attempts.length + 1` failures, or giving up. */
  private retry(d: WebhookDelivery, now: number): WebhookAttemptResult {
    const o = this.options;
    const delay = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** d.attempts.length);
    const retryAt = now + delay;
    return retryAt - d.created > o.maxAgeMs ? { state: 'failed' } : { state: 'pending', retryAt };
  }
}
