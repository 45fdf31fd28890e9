/**
 * Where webhooks may go. A webhook URL is chosen by whoever holds a token, and
 * the service POSTs to it from inside the operator's network: without a policy
 * any token holder could probe loopback services, the private network and the
 * cloud metadata endpoint (169.254.169.254). So only public unicast addresses
 * are reached unless the operator allows more:
 *
 * - `allowPrivate` (SYNROUTE_WEBHOOK_ALLOW_PRIVATE=1): loopback, private
 *   (10/8, 172.16/12, 192.168/16, fc00::/7) and carrier-grade NAT (100.64/10);
 * - `allowCidrs` (SYNROUTE_WEBHOOK_ALLOW_CIDRS): any listed range, including
 *   ones `allowPrivate` leaves out (link-local, where metadata services live).
 *
 * Literal addresses and `localhost` are checked when a batch is submitted;
 * every name is checked again at delivery on all the addresses it resolves
 * to, and the connection is pinned to the address that was checked.
 */
import ipaddr from 'ipaddr.js';
import { webhookUrlProblem } from './url.js';

export interface WebhookPolicyOptions {
  /** Loopback, private and carrier-grade NAT addresses may be reached. */
  allowPrivate: boolean;
  /** Ranges that may be reached whatever their kind, as CIDRs (`10.1.0.0/16`, `fd00::/8`). */
  allowCidrs: string[];
}

/** ipaddr.js ranges `allowPrivate` opens; `unicast` (public) is always open. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export class WebhookPolicy {
  private readonly cidrs: Cidr[];

  constructor(private readonly options: WebhookPolicyOptions) {
    this.cidrs = options.allowCidrs.map(parseCidr);
  }

  /** Why a submitted URL is refused (422), or undefined. Names other than localhost pass here. */
  urlProblem(raw: string): string | undefined {
    const problem = webhookUrlProblem(raw);
    if (problem) return problem;
    const host = hostOf(new URL(raw));
    if (ipaddr.isValid(host)) return this.addressProblem(host);
    if (isLocalhostName(host) && !this.allows(ipaddr.parse('127.0.0.1')))
      return 'localhost is not an allowed webhook target';
    return undefined;
  }

  /** Why an address may not be connected to, or undefined when it may. */
  addressProblem(address: string): string | undefined {
    if (!ipaddr.isValid(address)) return 'not an IP address';
    return this.allows(ipaddr.parse(address)) ? undefined : 'not a public address';
  }

  private allows(parsed: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    // ::ffff:a.b.c.d reaches a.b.c.d: judge the IPv4 address.
    const ip =
      parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
        ? (parsed as ipaddr.IPv6).toIPv4Address()
        : parsed;
    if (this.cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits)))
      return true;
    const range = ip.range();
    return range === 'unicast' || (this.options.allowPrivate && PRIVATE_RANGES.has(range));
  }
}

/** The URL's host without the brackets of an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

function parseCidr(text: string): Cidr {
  try {
    const [net, bits] = ipaddr.parseCIDR(text.trim());
    return [net, bits];
  } catch {
    throw new Error(`not a CIDR range: ${text}`);
  }
}
