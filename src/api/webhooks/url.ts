/**
 * Which webhook URLs are refused up front (422): anything but an absolute
 * http(s) URL with a host, and URLs carrying credentials (they would be
 * stored and shown on the batch). Loopback and private addresses are allowed:
 * SynRoute is self-hosted and receivers often run next to it.
 */
const MAX_LENGTH = 2048;

export function webhookUrlProblem(raw: string): string | undefined {
  if (raw.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs';
  if (!url.hostname) return 'the URL has no host';
  if (url.username || url.password) return 'credentials in the URL are not accepted';
  if (url.hash) return 'the URL must not have a #fragment';
  return undefined;
}
