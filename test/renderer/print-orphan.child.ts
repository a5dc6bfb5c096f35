/**
 * Child process for the printing test: starts a print pool of one, prints the
 * LibreOffice PID, then waits to be killed with -9 (a renderer that dies
 * without cleaning up).
 */
import { startPrintPool } from '../harness/office';

const pool = await startPrintPool({ size: 1 });
process.stdout.write(`${JSON.stringify({ pids: pool.pids() })}\n`);
setInterval(() => undefined, 1000);
