/**
 * The form of a webhook URL (422 otherwise): an absolute http(s) URL with a
 * host, without credentials (they would be stored and shown on the batch) or
 * fragment. Where it may point is the policy's call (policy.ts).
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
