// Which addresses a TCP port listens on, as `ss -ltn` shows them, read from Linux's /proc/net/tcp{,6}.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ListeningSocket {
  address: string;
  port: number;
  inode: string;
}

const LISTEN = '0A';

/** Every listening TCP socket of this machine; IPv4-mapped IPv6 addresses are shown as IPv4. */
export function listeningSockets(): ListeningSocket[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].filter(existsSync).flatMap((file) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === LISTEN)
      .map((fields) => {
        const [address, port] = fields[1]!.split(':') as [string, string];
        return { address: addressOf(address), port: parseInt(port, 16), inode: fields[9]! };
      }),
  );
}

/** The addresses `port` listens on, e.g. ['127.0.0.1'], or ['::'] for every interface. */
export function listeningAddresses(port: number): string[] {
  return listeningSockets()
    .filter((s) => s.port === port)
    .map((s) => s.address);
}

/** The listening sockets the process `pid` holds open. */
export function listeningSocketsOf(pid: number): ListeningSocket[] {
  const fds = `/proc/${pid}/fd`;
  const inodes = new Set(readdirSync(fds).map((fd) => /^socket:\[(\d+)\]$/.exec(linkOf(`${fds}/${fd}`))?.[1]));
  return listeningSockets().filter((s) => inodes.has(s.inode));
}

/** A file descriptor's target, or '' when it was closed meanwhile. */
function linkOf(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** /proc's hex address: 32-bit words in the host's byte order (little-endian on x86 and arm64). */
function addressOf(hex: string): string {
  const bytes = hex.match(/.{8}/g)!.flatMap((word) => [...Buffer.from(word, 'hex').reverse()]);
  const mappedIpv4 = bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (bytes.length === 4 || mappedIpv4) return bytes.slice(-4).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  // The URL parser writes an IPv6 address in its short form ('::', '::1').
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}
