/** A required environment variable, or a start-up error naming it. */
export function requireEnv(name: string, env: Record<string, string | undefined> = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

/** The web app's public address (WEB_APP_URL, ending in /app/), or null where none is configured. */
export function webAppUrl(env: Record<string, string | undefined> = process.env): string | null {
  const value = env.WEB_APP_URL;
  if (!value) return null;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(`environment variable WEB_APP_URL must be an https address (or a loopback one): ${value}`);
  }
  return url.toString();
}
