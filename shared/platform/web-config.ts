// What the web app reads at start-up: `config.json`, next to its index.html (the build's base is
// /app/, so `/app/config.json`). In AWS the stack writes it at deploy time (infra/web-app.ts), and
// `npm start` serves the local form; nothing in it is secret: a public client's id, URLs and scopes.

/** Where the app's pages live on its site, as `npm start` serves them; also the sign-in redirect. */
export const WEB_APP_PATH = '/app/';

/** The file the app reads its API URL and sign-in settings from, beside its index.html. */
export const WEB_CONFIG_FILE = 'config.json';

/** What the app asks the issuer for: an ID token with the user's email and name. */
export const WEB_SIGN_IN_SCOPE = 'openid email profile';

export interface WebConfig {
  /** The HTTP API's base URL, no trailing slash: `${apiUrl}/projects`; '' for the app's own host. */
  apiUrl: string;
  auth: LocalSignIn | CognitoSignIn | OidcSignIn;
}

/** `npm start`: one development token per role (`dev-tokens` beside config.json). */
export interface LocalSignIn {
  kind: 'local';
}

interface SignIn {
  /** The OIDC issuer (`/.well-known/openid-configuration` under it). */
  authority: string;
  /** Where the issuer sends the browser back with the authorization code (the app, `/app/`). */
  redirectUri: string;
  /** Where the browser lands after signing out. */
  postLogoutRedirectUri: string;
  scope: string;
}

/**
 * The stack's user pool: authorization code with PKCE against Cognito's managed login. Signing out
 * is Cognito's own endpoint, `${domain}/logout?client_id=…&logout_uri=${postLogoutRedirectUri}`
 * (the pool's discovery document names no end_session_endpoint). `lang=zh-CN` on the authorize
 * request shows managed login in Chinese.
 */
export interface CognitoSignIn extends SignIn {
  kind: 'cognito';
  /** The public app client (no secret). */
  clientId: string;
  /** The managed login domain, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domain: string;
}

/**
 * An existing OIDC issuer (`-c jwtIssuer=… -c jwtAudience=…`): the audiences the API's authorizer
 * accepts; the app's client at that issuer must have `redirectUri` registered.
 */
export interface OidcSignIn extends SignIn {
  kind: 'oidc';
  audience: string[];
}
