declare module 'osm-read' {
  export interface OsmNode { id: string; lat: number; lon: number; tags: Record<string, string> }
  export interface OsmWay { id: string; nodeRefs: string[]; tags: Record<string, string> }
  export interface OsmRelation { id: string; tags: Record<string, string>; members: Array<{ type: string; ref: string; role: string }> }
  export interface ParseOptions {
    filePath: string;
    format?: 'xml' | 'pbf';
    bounds?: (bounds: { minlat: number; minlon: number; maxlat: number; maxlon: number }) => void;
    node?: (node: OsmNode) => void;
    way?: (way: OsmWay) => void;
    relation?: (relation: OsmRelation) => void;
    endDocument?: () => void;
    error?: (message: unknown) => void;
  }
  export function parse(options: ParseOptions): { pause(): void; resume(): void };
  const osmread: { parse: typeof parse };
  export default osmread;
}
