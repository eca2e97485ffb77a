import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One owner per embedded data directory. PGlite keeps the database in the memory of the process that
 * opened it, so two processes on one directory silently overwrite each other's writes; this lock makes a
 * second opener see the first instead.
 *
 * A pid file beside the directory (`<dataDir>.lock`), created with O_EXCL. Node has no flock(2), and a
 * lease that must be renewed breaks when the event loop is busy; instead a lock is stale when its process
 * is gone, checked by pid and, on Linux, by the process's start time (so a reused pid does not keep a
 * crashed owner's lock alive).
 */
export interface LockOwner {
  pid: number;
  /** Process start time in clock ticks since boot (Linux /proc/<pid>/stat field 22); null elsewhere. */
  start: string | null;
  host: string;
  /** What holds it: 'serve' shares its database on `socket`; anything else holds it alone. */
  command: string;
  /** The owner's PostgreSQL socket file, for other processes to connect to; null when not shared. */
  socket: string | null;
  since: string;
}

export interface DataDirLock {
  file: string;
  owner: LockOwner;
  /** Publishes (or withdraws) the owner's socket, so CLI commands can use the owner's database. */
  share(socket: string | null): void;
  release(): void;
}

/** A data directory that cannot be used as asked (busy, or not a database): a usage problem, exit 2. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

export class DataDirBusyError extends DataDirError {
  override name = 'DataDirBusyError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    message: string,
  ) {
    super(message);
  }
}

export function lockFileFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: split after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 overall
  } catch {
    return null;
  }
}

function alive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true; // another machine (shared disk): cannot tell, assume alive
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (owner.start === null) return true;
  const now = processStart(owner.pid);
  return now === null || now === owner.start;
}

type LockState = { state: 'free' } | { state: 'live'; owner: LockOwner } | { state: 'stale'; owner: LockOwner | null };

function inspect(file: string): LockState {
  let text: string;
  let age: number;
  try {
    text = readFileSync(file, 'utf8');
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return { state: 'free' };
  }
  let owner: LockOwner;
  try {
    owner = JSON.parse(text) as LockOwner;
  } catch {
    // Empty or torn: a process between its create and its write (give it a moment), or one that died there.
    return age < 2_000 ? { state: 'live', owner: { pid: -1, start: null, host: os.hostname(), command: '(starting)', socket: null, since: '' } } : { state: 'stale', owner: null };
  }
  return alive(owner) ? { state: 'live', owner } : { state: 'stale', owner };
}

/** The current live owner of a data directory, or null when it is free (a dead owner's lock counts as free). */
export function readOwner(dataDir: string): LockOwner | null {
  const s = inspect(lockFileFor(dataDir));
  return s.state === 'live' && s.owner.pid > 0 ? s.owner : null;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function writeAtomically(file: string, owner: LockOwner): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function describe(owner: LockOwner): string {
  return `pid ${owner.pid}${owner.host !== os.hostname() ? ` on ${owner.host}` : ''}, \`lifecircle ${owner.command}\` since ${owner.since}`;
}

/**
 * Takes the lock for `dataDir` or throws DataDirBusyError naming the live owner. A lock left by a dead
 * process is taken over. Released on `release()` and, as a last resort, when the process exits.
 */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  const file = lockFileFor(dataDir);
  const owner: LockOwner = {
    pid: process.pid,
    start: processStart(process.pid),
    host: os.hostname(),
    command,
    socket: null,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = inspect(file);
      if (current.state === 'live') {
        if (current.owner.pid < 0 && attempt < 2) {
          sleepSync(500);
          continue;
        }
        throw new DataDirBusyError(dataDir, current.owner, `the data directory ${dataDir} is in use by another process (${describe(current.owner)})`);
      }
      if (current.state === 'stale') {
        // Its owner is gone: move it aside atomically; if what we moved turns out to be a new live
        // owner's (it took over between our look and our move), put it back.
        const aside = `${file}.stale.${process.pid}`;
        try {
          renameSync(file, aside);
          const moved = inspect(aside);
          if (moved.state === 'live') renameSync(aside, file);
          else unlinkSync(aside);
        } catch {
          // someone else moved it first: retry
        }
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    // Another process may have removed a "stale" file just as we created ours: confirm we hold it.
    const check = readOwner(dataDir);
    if (!check || check.pid !== process.pid) continue;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      try {
        const now = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
        if (now.pid === process.pid) unlinkSync(file);
      } catch {
        // already gone
      }
    };
    process.on('exit', release);
    return {
      file,
      owner,
      share(socket) {
        owner.socket = socket;
        if (held) writeAtomically(file, owner);
      },
      release,
    };
  }
  throw new Error(`could not take the lock ${file}: it keeps changing; is another lifecircle starting?`);
}
