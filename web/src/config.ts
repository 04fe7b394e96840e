// Where the API is and how to sign in: `config.json` beside the app, written at deploy time in AWS
// (infra/web-app.ts) and served by `npm start` locally. Its shape is shared with the stack.
import type { WebConfig } from '../../shared/platform/web-config';

export type AppConfig = WebConfig;
export type AuthConfig = WebConfig['auth'];

let loaded: Promise<AppConfig> | undefined;

export function appConfig(): Promise<AppConfig> {
  // Not `cache: 'no-store'`, which would skip the copy index.html preloads; the server sends it uncacheable.
  loaded ??= fetch(`${import.meta.env.BASE_URL}config.json`).then((r) => {
    if (!r.ok) throw new Error(`config.json: ${r.status}`);
    return r.json() as Promise<AppConfig>;
  });
  return loaded;
}
