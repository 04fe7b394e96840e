// Who is signed in. Locally: a development token per role, chosen on the sign-in screen. In AWS:
// Cognito's managed login (authorization code + PKCE) through oidc-client-ts, the token renewed
// before it expires. Either way the API gets `Authorization: Bearer <access token>`.
import type { UserManager } from 'oidc-client-ts';
import { computed, ref } from 'vue';
import { appConfig } from './config';

export type Role = { kind: 'admin' } | { kind: 'bureau' } | { kind: 'viewer' } | { kind: 'district'; code: string };

interface Session {
  token: string;
  /** The groups claim, as the API reads it. */
  groups: string[];
  name: string;
}

const LOCAL_KEY = 'pipeline.session';
const current = ref<Session | null>(readLocal());
let manager: UserManager | undefined;

function readLocal(): Session | null {
  const raw = sessionStorage.getItem(LOCAL_KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

function claimsOf(token: string): Record<string, unknown> {
  const base64 = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function sessionOf(token: string): Session {
  const claims = claimsOf(token);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const name = String(claims.email ?? claims.username ?? claims['cognito:username'] ?? claims.sub ?? '');
  return { token, groups, name };
}

async function oidc(): Promise<UserManager | undefined> {
  const { auth } = await appConfig();
  if (auth.kind === 'local') return undefined;
  // Loaded only where sign-in goes through a provider: local sign-in never needs it.
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  manager ??= new UserManager({
    authority: auth.authority,
    // Cognito's public web client, or the first audience the API accepts from an issuer of your own.
    client_id: auth.kind === 'cognito' ? auth.clientId : (auth.audience[0] ?? ''),
    redirect_uri: auth.redirectUri,
    post_logout_redirect_uri: auth.postLogoutRedirectUri,
    scope: auth.scope,
    response_type: 'code',
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    ...(auth.kind === 'cognito'
      ? {
          // Managed login in Chinese; Cognito's discovery names no end_session_endpoint: its own /logout.
          extraQueryParams: { lang: 'zh-CN' },
          metadataSeed: { end_session_endpoint: `${auth.domain}/logout` },
          extraLogoutParams: { client_id: auth.clientId, logout_uri: auth.postLogoutRedirectUri },
        }
      : {}),
  });
  return manager;
}

/** On start: an OIDC redirect's code is exchanged, or a stored user restored. */
export async function restoreSession(): Promise<void> {
  const um = await oidc();
  if (!um) return;
  if (new URLSearchParams(location.search).has('code')) {
    await um.signinRedirectCallback();
    history.replaceState(null, '', location.pathname);
  }
  const user = await um.getUser();
  current.value = user && !user.expired ? sessionOf(user.access_token) : null;
  um.events.addUserLoaded((u) => {
    current.value = sessionOf(u.access_token);
  });
  um.events.addUserSignedOut(() => {
    current.value = null;
  });
}

export function signInWithToken(token: string): void {
  current.value = sessionOf(token);
  sessionStorage.setItem(LOCAL_KEY, JSON.stringify(current.value));
}

export async function signInWithProvider(): Promise<void> {
  await (await oidc())?.signinRedirect();
}

export async function signOut(): Promise<void> {
  current.value = null;
  sessionStorage.removeItem(LOCAL_KEY);
  const um = await oidc();
  if (um) await um.signoutRedirect();
}

export const session = computed(() => current.value);

export const roles = computed<Role[]>(() =>
  (current.value?.groups ?? []).flatMap((g): Role[] => {
    if (g === 'admin' || g === 'bureau' || g === 'viewer') return [{ kind: g }];
    const district = /^district:(.+)$/.exec(g)?.[1];
    return district ? [{ kind: 'district', code: district }] : [];
  }),
);

/** Admin and bureau: every district, targets, composing digests. */
export const isBureau = computed(() => roles.value.some((r) => r.kind === 'admin' || r.kind === 'bureau'));

/** The districts whose projects this person may change (all, for the bureau). */
export function canWrite(district: string): boolean {
  return isBureau.value || roles.value.some((r) => r.kind === 'district' && r.code === district);
}

/** The district a district office sees by default. */
export const ownDistrict = computed(() => roles.value.find((r): r is { kind: 'district'; code: string } => r.kind === 'district')?.code);

export const canWriteAny = computed(() => isBureau.value || ownDistrict.value !== undefined);
