/** Free TCP ports on loopback. @module */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port handed out; below are the well-known ones (4222, 5432, 8081–8084 …). */
const LOWEST = 20_000;

/** Ports this process handed out: a caller may bind one late, so it is not given twice. */
const handedOut = new Set<number>();

/** The first port the kernel gives outgoing connections (Linux; 32768 elsewhere). */
export function ephemeralStart(): number {
  try {
    const first = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    return Number.isInteger(first) && first > 0 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** Binds `port` (0: the kernel picks) and closes it again; null when it is taken. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const address = srv.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(bound));
    });
  });
}

/**
 * A free loopback port, taken below the kernel's range for outgoing connections: a port is
 * often bound a while after it is chosen (a cluster's nine ports before its first node starts,
 * a server restarted on its old port), and a port from that range can meanwhile become the
 * local end of some process's outgoing connection — "address already in use". Falls back to
 * the kernel's choice when there is no such room.
 */
export async function freePort(): Promise<number> {
  const end = ephemeralStart();
  for (let tries = 0; end - LOWEST > 1_000 && tries < 50; tries++) {
    const port = LOWEST + Math.floor(Math.random() * (end - LOWEST));
    if (!handedOut.has(port) && (await tryListen(port)) === port) {
      handedOut.add(port);
      return port;
    }
  }
  const port = await tryListen(0);
  if (port === null) {
    throw new Error('no free loopback port');
  }
  return port;
}
