// The web app on `npm start`'s port: `/` redirects to `/app/`; `/app/` serves the build in
// web/dist (compressed files as the build precompressed them; hashed assets cached for a year, the
// page itself never), with `config.json` (the API on this host, local sign-in) and `dev-tokens`
// (one development token per role, for the sign-in screen's buttons). Unknown app paths get the
// page, so the app's own routes survive a reload.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { WebConfig } from '../shared/platform/web-config';

export const APP_BASE = '/app/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface WebAppOptions {
  /** The app's build (web/dist). */
  distDir: string;
  /** Every development role with its token, in the order the sign-in screen shows them. */
  devTokens: () => Promise<{ role: string; token: string }[]>;
}

/** Serves the request when it is the app's (true), or leaves it to the API (false). */
export function webAppHandler(options: WebAppOptions) {
  const root = normalize(options.distDir) + sep;
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    if (pathname === '/') {
      res.writeHead(302, { location: APP_BASE }).end();
      return true;
    }
    if (pathname === '/app') {
      res.writeHead(301, { location: APP_BASE }).end();
      return true;
    }
    if (!pathname.startsWith(APP_BASE)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end('{"message":"Method Not Allowed"}');
      return true;
    }
    const rest = decodeURIComponent(pathname.slice(APP_BASE.length));
    if (rest === 'config.json') return sendJson(res, { apiUrl: '', auth: { kind: 'local' } } satisfies WebConfig);
    if (rest === 'dev-tokens') return sendJson(res, await options.devTokens());

    let file = normalize(join(root, rest));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
    if (!existsSync(file)) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The web app is not built: npm start builds it (npm run build:web)');
      return true;
    }
    const immutable = rest.startsWith('assets/');
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
    };
    const accepted = String(req.headers['accept-encoding'] ?? '');
    let served = file;
    for (const [encoding, suffix] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      if (new RegExp(`\\b${encoding}\\b`).test(accepted) && existsSync(file + suffix)) {
        served = file + suffix;
        headers['content-encoding'] = encoding;
        break;
      }
    }
    headers['content-length'] = String(statSync(served).size);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(served).pipe(res);
    return true;
  };
}

function sendJson(res: ServerResponse, body: unknown): true {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  return true;
}
