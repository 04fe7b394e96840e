// Where the API is and how to sign in: `config.json` beside the app, written at deploy time in AWS
// and served by `npm start` locally.
export type AuthConfig =
  | { kind: 'local' }
  | { kind: 'oidc'; authority: string; clientId: string; redirectUri: string; postLogoutRedirectUri: string; scope: string };

export interface AppConfig {
  /** The HTTP API's base URL; '' when the app is served by the API's own host. */
  apiUrl: string;
  auth: AuthConfig;
}

let loaded: Promise<AppConfig> | undefined;

export function appConfig(): Promise<AppConfig> {
  loaded ??= fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' }).then((r) => {
    if (!r.ok) throw new Error(`config.json: ${r.status}`);
    return r.json() as Promise<AppConfig>;
  });
  return loaded;
}
