/**
 * Per test file on the PostgreSQL project: a fresh database in DATABASE_URL,
 * so that the CLI and server processes a test starts (which read it, like a
 * deployment does) share that file's database and no other.
 */
import { afterAll } from 'vitest';
import { createTestDatabase } from '../helpers/backend.js';

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
afterAll(() => database.drop());
