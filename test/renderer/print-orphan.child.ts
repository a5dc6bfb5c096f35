/**
 * Child process for the printing test: starts a print pool of one, prints the
 * LibreOffice PID, then waits to be killed with -9 (a renderer that dies
 * without cleaning up).
 */
import { PrintPool } from '@verzend/renderer';
import { createLogger } from '@verzend/shared';

const pool = new PrintPool({
  size: 1,
  timeoutMs: 10_000,
  queueLimit: 10,
  memoryMb: 2048,
  maxJobsPerProcess: 100,
  startTimeoutMs: 60_000,
  sofficeBin: '/usr/lib/libreoffice/program/soffice.bin',
  python: '/usr/bin/python3',
  logger: createLogger({ service: 'child', level: 'silent' }),
});
await pool.start();
await pool.warm();
process.stdout.write(`${JSON.stringify({ pids: pool.pids() })}\n`);
setInterval(() => undefined, 1000);
