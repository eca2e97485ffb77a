import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT } from './templates.ts';

export const BIN = path.join(ROOT, 'api/bin/lifecircle.js');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote (logs go to stderr, results to stdout). */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** SIGKILL to its whole process group: a crash at this very moment. */
  kill9(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/** `lifecircle serve` as its own process group (as `npm start` in a terminal), with the given environment. */
export async function startServe(env: NodeJS.ProcessEnv, options: { port?: number; npm?: boolean } = {}): Promise<ServeProcess> {
  const port = options.port ?? (await freePort());
  // `npm start` exactly as the README says, or the CLI directly (faster, same code).
  const [cmd, args] = options.npm ? ['npm', ['start', '--silent']] : [process.execPath, [BIN, 'serve']];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signal = async (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
    await exited;
    // `npm start` exits before the node process it started has released the data directory: wait for the
    // whole process group, not just its leader.
    for (const started = Date.now(); groupAlive(child.pid!) && Date.now() - started < 60_000; ) await new Promise((r) => setTimeout(r, 50));
  };
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls /api/health until 200; fails (with the process's output) if it exits or `timeoutMs` passes. */
export async function waitHealthy(p: ServeProcess, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  let exitedCode: number | null | undefined;
  void p.exited.then((c) => (exitedCode = c));
  while (Date.now() - started < timeoutMs) {
    if (exitedCode !== undefined) throw new Error(`serve exited (${exitedCode}) before it was healthy:\n${p.output().slice(-3000)}`);
    try {
      const r = await fetch(`${p.url}/api/health`);
      if (r.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`serve not healthy after ${timeoutMs} ms:\n${p.output().slice(-3000)}`);
}

/**
 * Runs a CLI command to completion. Asynchronous on purpose: a blocked test process (spawnSync) misses
 * the server closing an idle keep-alive connection and then sends its next request into the closed socket.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
