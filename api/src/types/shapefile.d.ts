declare module 'shapefile' {
  import type { Feature, Geometry } from 'geojson';
  type Input = string | ArrayBuffer | Uint8Array | NodeJS.ReadableStream;
  export interface Source {
    bbox: number[];
    read(): Promise<{ done: boolean; value: Feature<Geometry | null, Record<string, unknown>> }>;
    cancel(): Promise<void>;
  }
  export function open(shp: Input, dbf?: Input, options?: { encoding?: string }): Promise<Source>;
}
