import { Option, type Command } from 'commander';
import { assertReadable, print, withDatabase } from './database.ts';
import { importNetwork, NETWORK_FORMATS, type NetworkFormat } from '../services/network-import.ts';
import { networkBuildStatus, rebuildNetworkTables } from '../services/network-store.ts';

/**
 * `lifecircle network import <file>` (OSM XML/PBF or GeoJSON lines → network_edge, noded, with a
 * connectivity report), `lifecircle network build` (re-node the stored lines) and
 * `lifecircle network status`.
 */
export function addNetworkCommands(program: Command): void {
  const network = program.command('network').description('the walking network: import street lines, node them, check connectivity');

  network
    .command('import')
    .description('import street lines from an OpenStreetMap extract (.osm/.pbf, optionally .gz) or a GeoJSON file of lines; all or nothing; prints the report')
    .argument('<file>', 'the file')
    .addOption(new Option('-f, --format <format>', 'file format (default: from the extension)').choices([...NETWORK_FORMATS]))
    .option('--append', 'add to the stored lines instead of replacing them')
    .option('--no-walls', 'OSM: do not cut lines at walls and campus outlines')
    .option('--no-node-crossings', 'GeoJSON: do not add vertices where lines cross (they are already noded)')
    .action(async (file: string, opts: { format?: NetworkFormat; append?: boolean; walls: boolean; nodeCrossings: boolean }) => {
      await assertReadable(file);
      await withDatabase(async (db, log) => print(await importNetwork(db, {
        path: file, format: opts.format, replace: !opts.append, walls: opts.walls, nodeCrossings: opts.nodeCrossings,
        onProgress: (m) => log.info(m),
      })), { initialise: true });
    });

  network
    .command('build')
    .description('node the stored lines again into network_node / network_link (for SQL and pgRouting users); prints the connectivity report')
    .action(async () => {
      await withDatabase(async (db, log) => {
        const { report } = await db.sql.begin((tx) => rebuildNetworkTables(tx, { onProgress: (m) => log.info(m) }));
        print(report);
      });
    });

  network
    .command('status')
    .description('when the noded tables were built, whether the lines changed since, and the connectivity report')
    .action(async () => {
      await withDatabase(async (db) => print((await networkBuildStatus(db)) ?? { built: false }));
    });
}
