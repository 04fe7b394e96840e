import { describe, expect, it } from 'vitest';
import { requireEnv, webAppUrl } from '../../../../shared/platform/env';

describe('configuration from the environment', () => {
  it('a required variable that is missing is named', () => {
    expect(() => requireEnv('TABLE_NAME', {})).toThrow('environment variable TABLE_NAME is required');
    expect(requireEnv('TABLE_NAME', { TABLE_NAME: 't' })).toBe('t');
  });

  it('the web app’s address: https, or a loopback one for npm start; none configured is null', () => {
    expect(webAppUrl({})).toBeNull();
    expect(webAppUrl({ WEB_APP_URL: 'https://d111.cloudfront.net/app/' })).toBe('https://d111.cloudfront.net/app/');
    expect(webAppUrl({ WEB_APP_URL: 'http://127.0.0.1:3000/app/' })).toBe('http://127.0.0.1:3000/app/');
    expect(() => webAppUrl({ WEB_APP_URL: 'http://tracker.example.gov.cn/app/' })).toThrow(/WEB_APP_URL must be an https address/);
    expect(() => webAppUrl({ WEB_APP_URL: 'not a url' })).toThrow();
  });
});
