/**
 * Webhook secrets at rest. The service must sign with each owner's secret, so
 * it cannot keep only a hash: the secret is stored encrypted (AES-256-GCM,
 * bound to its owner) under a key that is not in the database, so a copy of
 * the database or a backup alone does not let anyone forge webhook events.
 *
 * The key is SYNROUTE_SECRET_KEY (32 bytes, base64) or else `secret.key` in
 * the data directory, made on first start (mode 0600). Every API server of
 * one PostgreSQL database needs the same key. Secrets stored before this
 * (plain text) are still read, and sealed the next time they are read.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store, WebhookSecret } from '../../store/types.js';
import { newWebhookSecret } from './signing.js';

const PREFIX = 'v1:';
const KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {}

/** The 32-byte key: from `env` when given, else the data directory's key file (created if missing). */
export function loadSecretKey(dataDir: string, fromEnv?: string): Buffer {
  if (fromEnv) return decodeKey(fromEnv, 'SYNROUTE_SECRET_KEY');
  const path = join(dataDir, KEY_FILE);
  if (!existsSync(path)) {
    // 'wx': two processes starting at once never overwrite each other's key.
    try {
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new SecretKeyError(`${where}: not a base64 32-byte key`);
  return key;
}

/** Seals and opens owners' webhook secrets as stored. */
export class SecretBox {
  constructor(private readonly key: Buffer) {}

  seal(owner: string, plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(owner));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  open(owner: string, stored: string): string {
    if (!this.isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12))
        .setAAD(Buffer.from(owner))
        .setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(
        `the webhook secret of ${owner} cannot be decrypted: this server's key (SYNROUTE_SECRET_KEY or ${KEY_FILE} in the data directory) is not the one that sealed it`,
      );
    }
  }
}

/** Owners' webhook secrets: made on first use, rotated on request, encrypted in the store. */
export class WebhookSecrets {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
  ) {}

  /** The owner's secret, made on first use (two first uses at once agree on one). */
  async ensure(owner: string): Promise<WebhookSecret> {
    const existing = await this.store.getWebhookSecret(owner);
    if (existing) return this.opened(owner, existing);
    const fresh = newWebhookSecret();
    await this.store.setWebhookSecret(owner, this.sealed(owner, fresh), false);
    return this.opened(owner, (await this.store.getWebhookSecret(owner))!);
  }

  async rotate(owner: string): Promise<WebhookSecret> {
    const secret = newWebhookSecret();
    await this.store.setWebhookSecret(owner, this.sealed(owner, secret));
    return secret;
  }

  private sealed(owner: string, s: WebhookSecret): WebhookSecret {
    return { secret: this.box.seal(owner, s.secret), created: s.created };
  }

  private async opened(owner: string, stored: WebhookSecret): Promise<WebhookSecret> {
    const plain = { secret: this.box.open(owner, stored.secret), created: stored.created };
    // A secret stored in plain text by an older version is sealed now (same value).
    if (!this.box.isSealed(stored.secret))
      await this.store.setWebhookSecret(owner, this.sealed(owner, plain));
    return plain;
  }
}
