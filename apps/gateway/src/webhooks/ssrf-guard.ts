import { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { WebhookTargetSettings } from '../gateway.settings';
import { HostResolver } from './host-resolver';

export class SsrfRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SsrfRefusedError';
  }
}

/** Ranges no webhook may reach unless allow-listed: private, loopback, link-local (cloud metadata), and other non-public space. */
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  // IPv4-compatible (::a.b.c.d), 6to4 and Teredo addresses embed an IPv4 address the IPv4 rules never see.
  ['::', 96],
  ['2002::', 16],
  ['2001::', 32],
  // NAT64 could smuggle any IPv4 address past the IPv4 rules; IPv4-mapped addresses (::ffff:a.b.c.d)
  // need no rule of their own, BlockList checks them against the IPv4 rules.
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];
const BLOCKED_HOSTNAMES = new Set([
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Refuses webhook targets in non-public address space unless
 * WEBHOOK_ALLOWED_HOSTS names the host, the IP or a CIDR containing it.
 * Names are resolved and every address checked; the delivery connects through
 * `lookup`, which checks again, so a DNS answer that changes between the check
 * and the connection (rebinding) is refused too.
 */
@Injectable()
export class SsrfGuard {
  private readonly blocked = new BlockList();
  private readonly allowedAddresses = new BlockList();
  private readonly allowedHostnames = new Set<string>();

  constructor(
    @Inject(WebhookTargetSettings) { allowedHosts }: WebhookTargetSettings,
    @Inject(HostResolver) private readonly resolver: Pick<HostResolver, 'resolve'>,
  ) {
    for (const [address, prefix] of BLOCKED_V4) this.blocked.addSubnet(address, prefix, 'ipv4');
    for (const [address, prefix] of BLOCKED_V6) this.blocked.addSubnet(address, prefix, 'ipv6');
    for (const entry of allowedHosts.map((e) => e.trim().toLowerCase()).filter(Boolean)) this.allow(entry);
  }

  /** Throws SsrfRefusedError when the URL may not be called. */
  async assertAllowed(rawUrl: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new SsrfRefusedError('not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new SsrfRefusedError('only http and https targets are allowed');
    if (url.username || url.password)
      throw new SsrfRefusedError(
        'credentials in the URL are not allowed; the signature authenticates deliveries',
      );
    const host = hostOf(url);
    if (this.allowedHostnames.has(host)) return;
    if (isIP(host)) return this.assertAddress(host);
    if (BLOCKED_HOSTNAMES.has(host) || host.endsWith('.localhost') || host.endsWith('.internal')) {
      throw new SsrfRefusedError(`host ${host} is internal`);
    }
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolver.resolve(host);
    } catch (error) {
      throw new SsrfRefusedError(
        `host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    if (addresses.length === 0) throw new SsrfRefusedError(`host ${host} does not resolve`);
    for (const { address } of addresses) this.assertAddress(address, host);
  }

  /** A `lookup` for http.request that resolves like the system and refuses what `assertAllowed` would. */
  readonly lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    const host = hostname.toLowerCase();
    this.resolver.resolve(host).then(
      (addresses) => {
        try {
          if (!this.allowedHostnames.has(host))
            for (const { address } of addresses) this.assertAddress(address, host);
        } catch (error) {
          return callback(error as NodeJS.ErrnoException, options.all ? [] : '', undefined);
        }
        if (addresses.length === 0)
          return callback(
            Object.assign(new Error(`host ${host} does not resolve`), { code: 'ENOTFOUND' }),
            '',
          );
        // A copy: the array is the answer every caller of the shared lookup got.
        if (options.all) callback(null, [...addresses]);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : '', undefined),
    );
  };

  private assertAddress(address: string, host = address): void {
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (this.allowedAddresses.check(address, type)) return;
    if (this.blocked.check(address, type)) {
      throw new SsrfRefusedError(
        `${host === address ? address : `${host} (${address})`} is in private, loopback or link-local address space; allow it with WEBHOOK_ALLOWED_HOSTS`,
      );
    }
  }

  private allow(entry: string): void {
    const [address, prefix] = entry.split('/');
    const type = isIP(address);
    if (!type) {
      this.allowedHostnames.add(entry);
      return;
    }
    const family = type === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) this.allowedAddresses.addAddress(address, family);
    else this.allowedAddresses.addSubnet(address, Number(prefix), family);
  }
}

/** URL hostnames keep IPv6 brackets; addresses are compared without them. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}
