/**
 * `npx guestkit …`: firm administration on the embedded default store, from a terminal.
 * Secrets (API keys, link tokens) are printed once, to stdout, and never stored in clear.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedGuestkit, DEFAULT_FIRM_ID, EMBEDDED_DATABASE } from '../server-adapter/embedded.js';
import { backupDatabase, checkDatabase, withDatabaseFile } from '../server-adapter/store/sqlite-maintenance.js';
import { LINK_KINDS, type LinkKind } from '../protocol/token-format.js';

const USAGE = `Usage: guestkit <command> [options]

Commands:
  api-key create [--label TEXT]        Create a firm API key (shown once)
  api-key list                         List the firm's API keys (no secrets)
  api-key revoke <id>                  Revoke an API key
  link create --kind KIND --resource TYPE:ID --email ADDRESS [--name NAME] [--ttl SECONDS] [--send]
                                       Issue a link (KIND: ${LINK_KINDS.join(', ')})
  link revoke <id>                     Revoke a link and end its sessions
  audit verify --resource TYPE:ID      Verify a resource's audit chain
  store check                          Check the database for damage (after a crash, after restoring)
  store backup <file>                  Write a consistent copy of the database while it is in use

Options:
  --dir PATH     Data folder of the embedded store (default .guestkit)
  --firm ID      Firm id (default "${DEFAULT_FIRM_ID}")
  -h, --help     Show this help`;

function resourceArg(value: string | undefined): { type: string; id: string } {
  const [type, id] = (value ?? '').split(':');
  if (!type || !id) throw new Error('--resource takes TYPE:ID, e.g. share:q3-report');
  return { type, id };
}

/** Runs the CLI with `argv` (without `node` and the script); returns the exit code. */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: '.guestkit' },
      firm: { type: 'string', default: DEFAULT_FIRM_ID },
      label: { type: 'string', default: 'cli' },
      kind: { type: 'string' },
      resource: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string' },
      send: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, action, id] = positionals;
  if (values.help || !group) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  if (group === 'store') return storeCommand(action, id, values.dir, out);
  const gk = createEmbeddedGuestkit({ dir: values.dir, printMail: out });
  try {
    // Inside: a database this Guestkit cannot serve (a newer schema, no write access) is said, not thrown.
    await gk.init();
    const firm = await gk.firms.get(values.firm);
    if (!firm) throw new Error(`no firm "${values.firm}" in ${values.dir} — run \`npm start\` once to create the default firm`);
    switch (`${group} ${action}`) {
      case 'api-key create': {
        const { key, record } = await gk.apiKeys.create(firm.id, values.label);
        out(`API key ${record.id} (${record.label}) for ${firm.name} — shown only now:`);
        out(key);
        return 0;
      }
      case 'api-key list':
        for (const k of await gk.apiKeys.list(firm.id)) out(`${k.id}\t${k.label}\t${k.createdAt}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}`);
        return 0;
      case 'api-key revoke':
        if (!id) throw new Error('api-key revoke needs an id');
        out((await gk.apiKeys.revoke(firm.id, id)) ? `revoked ${id}` : `${id} was not active`);
        return 0;
      case 'link create': {
        if (!LINK_KINDS.includes(values.kind as LinkKind)) throw new Error(`--kind is one of ${LINK_KINDS.join(', ')}`);
        if (!values.email) throw new Error('--email is required');
        const created = await gk.links.create(firm.id, {
          kind: values.kind as LinkKind,
          resource: resourceArg(values.resource),
          recipient: { email: values.email, ...(values.name ? { name: values.name } : {}) },
          ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
          send: values.send,
        });
        out(`link ${created.link.id} valid until ${created.link.expiresAt}${created.sent ? ', mailed' : ''}:`);
        out(created.url);
        return 0;
      }
      case 'link revoke':
        if (!id) throw new Error('link revoke needs an id');
        out(`revoked ${(await gk.links.revoke(firm.id, id)).id}`);
        return 0;
      case 'audit verify': {
        const result = await gk.audit.verify(firm.id, resourceArg(values.resource));
        out(result.ok ? `ok: ${result.count} events, chain intact` : `BROKEN at event ${result.brokenAt}: ${result.reason}`);
        return result.ok ? 0 : 1;
      }
      default:
        out(USAGE);
        return 2;
    }
  } catch (error) {
    return failed(error, out);
  } finally {
    await gk.close();
  }
}

/**
 * `store check` and `store backup`: they look at the database as it is — never making an empty one
 * for a mistyped `--dir` (and calling it undamaged), never migrating it first.
 */
async function storeCommand(action: string | undefined, target: string | undefined, dir: string, out: (line: string) => void): Promise<number> {
  const database = join(dir, EMBEDDED_DATABASE);
  if (!existsSync(database)) {
    out(`error: no Guestkit database in ${dir} (${EMBEDDED_DATABASE}) — give the data folder with --dir`);
    return 1;
  }
  try {
    if (action === 'check') {
      const problems = await withDatabaseFile(database, checkDatabase);
      for (const problem of problems) out(problem);
      out(problems.length ? `DAMAGED: ${problems.length} problems in ${dir}` : `ok: ${dir} has no damage`);
      return problems.length ? 1 : 0;
    }
    if (action === 'backup') {
      if (!target) throw new Error('store backup needs a file to write');
      await withDatabaseFile(database, (db) => backupDatabase(db, target));
      out(`backed up ${dir} to ${target}`);
      return 0;
    }
  } catch (error) {
    return failed(error, out);
  }
  out(USAGE);
  return 2;
}

/** Says why a command failed; its exit code. */
function failed(error: unknown, out: (line: string) => void): number {
  out(`error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
