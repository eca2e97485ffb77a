import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { operationRoles } from '../auth/access.ts';

export const ROLES_BEGIN = '<!-- roles:begin (generated from the OpenAPI x-role values: npx tsx api/src/http/roles-table.ts) -->';
export const ROLES_END = '<!-- roles:end -->';
export const SECURITY_DOC = fileURLToPath(new URL('../../../docs/security.md', import.meta.url));

/** The markdown table of every operation and the role it needs, sorted by path then method. */
export function rolesTable(doc: { paths?: Record<string, Record<string, unknown>> }): string {
  const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const rows = operationRoles(doc)
    .sort((a, b) => a.path.localeCompare(b.path) || order.indexOf(a.method) - order.indexOf(b.method))
    .map((op) => `| \`${op.method}\` | \`/api${op.path === '/' ? '' : op.path}\` | ${op.declared ?? '**missing: admin only**'} |`);
  return ['| method | path | role |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The text between the markers of a document, or undefined when they are missing. */
export function tableIn(text: string): string | undefined {
  const i = text.indexOf(ROLES_BEGIN);
  const j = text.indexOf(ROLES_END);
  return i < 0 || j < i ? undefined : text.slice(i + ROLES_BEGIN.length, j).trim();
}

// Run directly: rewrite the table in docs/security.md from the current OpenAPI document.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { buildOpenApi } = await import('./openapi.ts');
  const { loadConfig } = await import('../config.ts');
  const text = await readFile(SECURITY_DOC, 'utf8');
  const i = text.indexOf(ROLES_BEGIN);
  const j = text.indexOf(ROLES_END);
  if (i < 0 || j < i) throw new Error(`${SECURITY_DOC} lacks the ${ROLES_BEGIN} … ${ROLES_END} markers`);
  const table = rolesTable(buildOpenApi(loadConfig({})) as { paths: Record<string, Record<string, unknown>> });
  await writeFile(SECURITY_DOC, `${text.slice(0, i + ROLES_BEGIN.length)}\n${table}\n${text.slice(j)}`);
  process.stdout.write(`roles table written to ${SECURITY_DOC}\n`);
}
