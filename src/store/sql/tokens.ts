/** API tokens (only their hashes are stored) and ownership of uploaded libraries. */
import type { LibraryStore, TokenRecord, TokenStore } from '../types.js';
import type { SqlContext } from './context.js';
import { rows, value, write } from './op.js';

interface TokenRow {
  id: string;
  name: string;
  owner: string;
  created: number;
  revoked: number;
  expires: number | null;
  admin: number;
}

const TOKEN_COLUMNS = 'id, name, owner, created, revoked, expires, admin';

export function sqlTokenStore({ exec }: SqlContext): TokenStore {
  return {
    async insertToken(t) {
      await exec.run(
        write(
          `INSERT INTO tokens (id, name, owner, hash, created, expires, admin)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [t.id, t.name, t.owner, t.hash, t.created, t.expires, t.admin ? 1 : 0],
        ),
      );
    },

    async findTokenByHash(hash) {
      const [row] = await exec.run(
        rows<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = ? AND revoked = 0`, [
          hash,
        ]),
      );
      return row ? tokenRecord(row) : undefined;
    },

    async listTokens() {
      const found = await exec.run(
        rows<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY created`),
      );
      return found.map(tokenRecord);
    },

    async revokeToken(id) {
      return (
        (await exec.run(
          write('UPDATE tokens SET revoked = 1 WHERE id = ? AND revoked = 0', [id]),
        )) > 0
      );
    },
  };
}

export function sqlLibraryStore({ exec }: SqlContext): LibraryStore {
  return {
    async recordLibrary(id, owner) {
      await exec.run(
        write(
          `INSERT INTO libraries (id, owner, created) VALUES (?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, created = excluded.created`,
          [id, owner, Date.now()],
        ),
      );
    },

    async libraryOwner(id) {
      return exec.run(value<string>('SELECT owner FROM libraries WHERE id = ?', [id]));
    },

    async librariesOf(owner) {
      return (await exec.run(
        value<number>('SELECT count(*) FROM libraries WHERE owner = ?', [owner]),
      ))!;
    },

    async forgetLibrary(id) {
      await exec.run(write('DELETE FROM libraries WHERE id = ?', [id]));
    },
  };
}

function tokenRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    created: row.created,
    revoked: row.revoked === 1,
    expires: row.expires,
    admin: row.admin === 1,
  };
}
