/** The `?token=` of event streams never reaches a log line, however the query is encoded. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskToken } from '../../src/api/log-redaction.js';
import { startTestApp } from '../helpers/api.js';

const SECRET = 'srt_0123456789abcdefSECRET';

describe('token masking in logged URLs', () => {
  it('masks plain, percent-encoded and repeated token parameters', () => {
    for (const url of [
      `/batches/b/events?token=${SECRET}`,
      `/batches/b/events?to%6Ben=${SECRET}`,
      `/batches/b/events?%74%6F%6B%65%6E=${SECRET}`,
      `/batches/b/events?x=1&TOKEN=${SECRET}&y=2`,
      `/batches/b/events?token=a&token=${SECRET}`,
      `/batches/b/events?token=${encodeURIComponent(SECRET)}#frag`,
    ]) {
      const masked = maskToken(url);
      expect(masked, url).not.toContain('SECRET');
      expect(masked.startsWith('/batches/b/events?')).toBe(true);
    }
    expect(maskToken('/batches/b/events?x=1&y=%zz')).toBe('/batches/b/events?x=1&y=%zz');
    expect(maskToken(`/x?bad=%E0%A4%A&to%6Ben=${SECRET}`)).not.toContain('SECRET');
  });

  it('keeps an encoded token out of the request log of a running app', async () => {
    let logged = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        logged += String(chunk);
        done();
      },
    });
    const t = await startTestApp({ logger: { level: 'info', stream } });
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: `/batches/bat_00000000001abcdefgh/events?to%6Ben=${t.token}`,
      });
      // The encoded name is still the token parameter: the request is authenticated (404, not 401).
      expect(res.statusCode).toBe(404);
      expect(logged).toContain('/events?');
      expect(logged).not.toContain(t.token);
    } finally {
      await t.close();
    }
  });
});
