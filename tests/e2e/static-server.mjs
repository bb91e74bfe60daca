// A small static file server for the e2e tests: serves dist/ under a deep
// sub-path or at the root (as a static host would), with correct MIME types
// (application/wasm), optional extra headers (a Content-Security-Policy) and
// extra pages at other paths (a tutorial page that embeds ActLab).
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sub-path the site is served under. */
export const BASE_PATH = '/a/deep/sub/path/';

/** The built site the tests serve. */
export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

// The file under root for a request path below base, or null when outside it or absent.
async function resolveFile(root, base, urlPath) {
  if (!urlPath.startsWith(base)) return null;
  let relative;
  try {
    relative = decodeURIComponent(urlPath.slice(base.length));
  } catch {
    return null;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root) + path.sep)) return null;
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Starts the server on a free port of 127.0.0.1; resolves to { origin, url, close() }.
 * options: root (the folder), base (the path it is served at: BASE_PATH or '/'),
 * headers (added to every site response), pages ({ '/path': html } served as
 * they are, or { '/path': { body, type, headers } } with a type and headers of
 * their own, e.g. a course page's own Content-Security-Policy), missing (a RegExp of site paths answered with 404).
 */
export async function startServer(options = {}) {
  const { root = DIST, base = BASE_PATH, headers = {}, pages = {}, missing = null } = options;
  const server = http.createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://localhost');
    if (Object.hasOwn(pages, pathname)) {
      const page = pages[pathname];
      const { body, type = TYPES['.html'], headers: own = {} } = typeof page === 'string' ? { body: page } : page;
      response.writeHead(200, { ...own, 'content-type': type, 'cache-control': 'no-store' }).end(body);
      return;
    }
    const file = missing?.test(pathname) ? null : await resolveFile(root, base, pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readFile(file);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { ...headers, 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}${base}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
