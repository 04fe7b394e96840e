// The typed client of the API (openapi-fetch over the types generated from the contract), as the
// web app uses it; every response it receives is checked against the contract.
import createClient from 'openapi-fetch';
import { expect } from 'vitest';
import type { paths } from '../../contract/api';
import { contractViolations } from './contract';

export function apiClient(baseUrl: string, token: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
  client.use({
    async onResponse({ request, response }) {
      const text = await response.clone().text();
      const received = { status: response.status, headers: Object.fromEntries(response.headers), body: text ? JSON.parse(text) : null };
      const path = new URL(request.url).pathname;
      expect(contractViolations(request.method, path, received), `${request.method} ${path}`).toEqual([]);
      return response;
    },
  });
  return client;
}
