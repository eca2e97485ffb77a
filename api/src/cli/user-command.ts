import os from 'node:os';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import type { Db } from '../db/connect.ts';
import { InputError } from '../services/errors.ts';
import { checkPasswordPolicy } from '../auth/passwords.ts';
import { checkUserName, UserStore } from '../auth/users.ts';
import { print, withDatabase } from './database.ts';


function withUsers<T>(fn: (users: UserStore, db: Db) => Promise<T>): Promise<T> {
  return withDatabase((db) => fn(new UserStore(db), db));
}

const actor = () => `cli:${os.userInfo().username}`;

/** Asks on the terminal without echo. */
function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    let prompted = false;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!prompted) write(s); // the question; typed characters are not echoed
      prompted = true;
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * The new password: typed twice on a terminal, or the first line of standard input when piped
 * (`printf '%s\n' "$PW" | lifecircle user add …`), so it never appears in arguments or the shell history.
 */
async function readNewPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await ask('new password: ');
    checkPasswordPolicy(first);
    if ((await ask('again: ')) !== first) throw new InputError('password', 'the two entries differ');
    return first;
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new InputError('password', 'none given: type it on a terminal or pipe it on standard input');
  return checkPasswordPolicy(line);
}

/**
 * `lifecircle user add|passwd|key|revoke|list|disable|enable`: bootstraps the first admin and manages
 * accounts and API keys straight in the database (no server needed). No default user or password exists.
 */
export function addUserCommands(program: Command): void {
  const user = program.command('user').description('accounts and API keys (passwords are read from the terminal or standard input, never from arguments)');

  user
    .command('add')
    .description('add an account; prints it')
    .argument('<name>', 'user name (letters, digits, . _ @ -)')
    .addOption(new Option('-r, --role <role>', 'role').choices(['planner', 'admin']).makeOptionMandatory())
    .option('--no-password', 'no password: the account can only use API keys')
    .action(async (name: string, opts: { role: 'planner' | 'admin'; password: boolean }) => {
      checkUserName(name);
      const password = opts.password ? await readNewPassword() : null;
      print(await withUsers((users) => users.add({ name, role: opts.role, password }, actor())));
    });

  user
    .command('passwd')
    .description('set an account\'s password (its tokens stop working)')
    .argument('<name>')
    .action(async (name: string) => {
      checkUserName(name);
      const password = await readNewPassword();
      print(await withUsers((users) => users.setPassword(name, password, actor())));
    });

  user
    .command('key')
    .description('create an API key for an account; the key is printed once and stored only as a hash')
    .argument('<name>')
    .option('-l, --label <label>', 'what the key is for, e.g. "nightly import"')
    .action(async (name: string, opts: { label?: string }) => {
      print(await withUsers((users) => users.createKey(checkUserName(name), opts.label, actor())));
    });

  user
    .command('revoke')
    .description('revoke an API key by its id (the 12 hex digits after lc_)')
    .argument('<key-id>')
    .action(async (id: string) => {
      if (!/^[0-9a-f]{12}$/.test(id)) throw new InputError('key-id', `must be 12 hex digits, got ${JSON.stringify(id)}`);
      print(await withUsers((users) => users.revokeKey(id, actor())));
    });

  user
    .command('list')
    .description('accounts and their API keys (never the keys themselves)')
    .action(async () => {
      print(await withUsers(async (users) => ({ users: await users.list(), keys: await users.listKeys() })));
    });

  for (const [command, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(command)
      .description(`${command} an account${disabled ? ' (its tokens and keys stop working)' : ''}`)
      .argument('<name>')
      .action(async (name: string) => {
        print(await withUsers((users) => users.update(checkUserName(name), { disabled }, actor())));
      });
  }
}
