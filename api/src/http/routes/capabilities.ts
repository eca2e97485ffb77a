import { createRequire } from 'node:module';
import path from 'node:path';
import express, { Router, type Request } from 'express';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { attributionOf } from '../../services/network-import.ts';
import { buildOpenApi } from '../openapi.ts';

const require = createRequire(import.meta.url);
const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

export function apiBase(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}`;
}

/** The docs page's one inline script; the Content-Security-Policy allows exactly it, by hash. */
export const DOCS_INLINE_SCRIPT = "window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger-ui', deepLinking: true });";

// The docs page: Swagger UI from the swagger-ui-dist package, served locally (works offline).
const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lifecircle API</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script>${DOCS_INLINE_SCRIPT}</script>
</body></html>`;

/** Landing page, conformance, the OpenAPI document and its interactive page. */
export function capabilityRoutes(config: Config, db: Db): Router {
  const router = Router();
  const openapi = JSON.stringify(buildOpenApi(config));

  router.get('/', async (req, res) => {
    const base = apiBase(req);
    res.json({
      title: 'lifecircle',
      description: 'Community facility coverage for city planning: boundaries, buildings, facilities and their reach.',
      // The credit the loaded data requires (e.g. OpenStreetMap's for the Wudaokou area); null for the synthetic demo city.
      attribution: await attributionOf(db),
      links: [
        { href: `${base}`, rel: 'self', type: 'application/json', title: 'this document' },
        { href: `${base}/openapi.json`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'the API definition' },
        { href: `${base}/docs`, rel: 'service-doc', type: 'text/html', title: 'the API documentation' },
        { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'feature collections' },
        { href: `${base}/health`, rel: 'status', type: 'application/json', title: 'health' },
      ],
    });
  });
  router.get('/conformance', (_req, res) => {
    res.json({ conformsTo: CONFORMANCE });
  });
  router.get('/openapi.json', (_req, res) => {
    res.type(OPENAPI_TYPE).send(openapi);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_HTML);
  });
  router.use('/docs/assets', express.static(SWAGGER_DIR, { index: false, maxAge: '1d' }));
  return router;
}
