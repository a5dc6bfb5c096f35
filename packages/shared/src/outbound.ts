/**
 * The outbound target guard: a connection an account (or a webhook) can point
 * somewhere never reaches loopback, link-local (cloud metadata at
 * 169.254.169.254 included) or other special addresses of the machine it runs
 * on. The check runs on the addresses DNS returned, at connect time (a
 * `lookup` for the socket), so a name that resolves somewhere forbidden — or
 * starts to after it was saved — is refused too. Private ranges (on-premises
 * relays) are allowed unless denied; an explicit allowlist opens what tests
 * and development need (e.g. loopback for a local SMTP sink).
 * @module
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, connect as netConnect, type Socket } from 'node:net';
import { z } from 'zod';
import { DeliveryError } from './errors';

/** Always refused (unless allowlisted): this machine, link-local, metadata, multicast, reserved. */
const SPECIAL: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'this-network'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['100.100.100.200', 32, 'ipv4', 'cloud metadata'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fd00:ec2::254', 128, 'ipv6', 'cloud metadata'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

/** Refused only when private targets are denied. */
const PRIVATE: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared address space'],
  ['fc00::', 7, 'ipv6', 'unique local'],
];

/** What the guard allows. */
export interface OutboundPolicy {
  /** Addresses opened explicitly (CIDR or single addresses), checked first. */
  allow: string[];
  /** Refuse private ranges too (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). */
  denyPrivate: boolean;
}

/** Environment of the guard, for the env.ts of a service that connects where accounts point. */
export const outboundEnv = {
  /**
   * Comma-separated addresses or CIDRs outbound connections may reach although they are
   * special, e.g. `127.0.0.0/8,::1/128` for a local SMTP sink; `loopback` is short for that.
   */
  OUTBOUND_ALLOW: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .flatMap((s) => (s === 'loopback' ? ['127.0.0.0/8', '::1/128'] : [s])),
    )
    .refine((list) => list.every((s) => parseCidr(s) !== null), {
      message: 'must be comma-separated IP addresses or CIDRs (or "loopback")',
    }),
  /** Also refuse private ranges (on-premises relays are allowed by default). */
  OUTBOUND_DENY_PRIVATE: z
    .string()
    .optional()
    .transform((v) => ['1', 'true', 'yes', 'on'].includes((v ?? '').toLowerCase())),
};

function parseCidr(
  entry: string,
): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | null {
  const [address = '', bits] = entry.split('/');
  const family = isIP(address);
  if (family === 0) {
    return null;
  }
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    return null;
  }
  return { address, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
}

function blockList(ranges: [string, number, 'ipv4' | 'ipv6', string][]): BlockList {
  const list = new BlockList();
  for (const [address, prefix, type] of ranges) {
    list.addSubnet(address, prefix, type);
  }
  return list;
}

const specialList = blockList(SPECIAL);
const privateList = blockList(PRIVATE);
const describeRange = (ranges: typeof SPECIAL, address: string, type: 'ipv4' | 'ipv6') =>
  ranges.find(([a, p, t]) => t === type && blockList([[a, p, t, '']]).check(address, type))?.[3];

/** An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function normalise(address: string): { address: string; type: 'ipv4' | 'ipv6' } | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) {
    return { address: mapped[1], type: 'ipv4' };
  }
  const family = isIP(bare);
  return family === 0 ? null : { address: bare, type: family === 4 ? 'ipv4' : 'ipv6' };
}

/** The guard for one policy. */
export class OutboundGuard {
  readonly #allow = new BlockList();
  readonly #denyPrivate: boolean;

  constructor(policy: OutboundPolicy) {
    for (const entry of policy.allow) {
      const cidr = parseCidr(entry);
      if (!cidr) {
        throw new Error(`Not an IP address or CIDR: ${entry}`);
      }
      this.#allow.addSubnet(cidr.address, cidr.prefix, cidr.type);
    }
    this.#denyPrivate = policy.denyPrivate;
  }

  /** Why an address may not be reached (e.g. "loopback"), or null when it may. */
  refusal(address: string): string | null {
    const n = normalise(address);
    if (!n) {
      return 'not an IP address';
    }
    if (this.#allow.check(n.address, n.type)) {
      return null;
    }
    if (specialList.check(n.address, n.type)) {
      return describeRange(SPECIAL, n.address, n.type) ?? 'special';
    }
    if (this.#denyPrivate && privateList.check(n.address, n.type)) {
      return describeRange(PRIVATE, n.address, n.type) ?? 'private';
    }
    return null;
  }

  /** True when an address is opened explicitly by the allowlist (OUTBOUND_ALLOW). */
  allowsExplicitly(address: string): boolean {
    const n = normalise(address);
    return n !== null && this.#allow.check(n.address, n.type);
  }

  /**
   * Why a webhook URL may not be used, or null when it may (ADR-0024): https is
   * required, and a host written as an IP address (or `localhost`) must be
   * allowed; plain http only to a host the allowlist opens explicitly (a test
   * receiver on loopback). Names are checked again after DNS, at delivery.
   */
  webhookUrlRefusal(url: string): string | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'it is not a URL';
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const literal = host.toLowerCase() === 'localhost' ? '127.0.0.1' : isIP(host) ? host : null;
    if (literal !== null) {
      const reason = this.refusal(literal);
      if (reason) {
        return `${host} is a ${reason} address`;
      }
    }
    if (parsed.protocol === 'https:') {
      return null;
    }
    if (parsed.protocol === 'http:' && literal !== null && this.allowsExplicitly(literal)) {
      return null;
    }
    return 'it must use https';
  }

  #refused(host: string, address: string, reason: string): DeliveryError {
    return new DeliveryError(
      'CONNECTION_FAILED',
      `Outbound connections to ${host} are not allowed: ${address === host ? 'it is' : `it resolves to ${address},`} a ${reason} address.`,
      { retry: false, extra: { reason: 'target_not_allowed', host, address } },
    );
  }

  /** Throws unless a literal IP may be reached. */
  assertAddress(host: string, address: string): void {
    const reason = this.refusal(address);
    if (reason) {
      throw this.#refused(host, address, reason);
    }
  }

  /**
   * A `lookup` for `net.connect`/`tls.connect`: resolves the name and keeps only the
   * addresses the policy allows, failing with the refusal when none is left.
   */
  readonly lookup = (
    hostname: string,
    options: { family?: number | string; all?: boolean } | number,
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    const opts = typeof options === 'number' ? { family: options } : options;
    dnsLookup(
      hostname,
      { family: Number(opts.family ?? 0) as 0 | 4 | 6, all: true },
      (err, all) => {
        if (err) {
          callback(err, '', 0);
          return;
        }
        const allowed = all.filter((a) => this.refusal(a.address) === null);
        const first = all[0];
        if (allowed.length === 0 || !first) {
          const refused = first
            ? this.#refused(hostname, first.address, this.refusal(first.address) ?? 'special')
            : new Error(`${hostname} has no address`);
          callback(refused as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (opts.all) {
          callback(null, allowed);
        } else {
          const a = allowed[0] as LookupAddress;
          callback(null, a.address, a.family);
        }
      },
    );
  };

  /**
   * Opens a TCP connection to `host:port` through the guard (literal IPs checked
   * directly, names after DNS); resolves once connected.
   * @throws {DeliveryError} CONNECTION_FAILED (not retryable) when the target is not allowed.
   */
  async connect(host: string, port: number, timeoutMs: number): Promise<Socket> {
    const bare = host.replace(/^\[|\]$/g, '');
    if (isIP(bare)) {
      this.assertAddress(host, bare);
    }
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: bare, port, lookup: this.lookup, timeout: timeoutMs });
      const fail = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      socket.once('timeout', () => fail(new Error(`Connecting to ${host}:${port} timed out.`)));
      socket.once('connect', () => {
        socket.off('error', fail);
        socket.setTimeout(0);
        resolve(socket);
      });
    });
  }
}
