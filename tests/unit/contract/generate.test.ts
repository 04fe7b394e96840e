// The API's contract: the committed document and types are current, Redocly's recommended rules
// pass, and the response checker used by the integration and end-to-end tests catches a drift.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { contractFiles, DOCUMENT_FILE, TYPES_FILE } from '../../../contract/generate';
import { contractViolations } from '../../support/contract';

describe('the API contract', () => {
  it('contract/openapi.json and contract/api.d.ts are what the route table generates (else: npm run contract)', async () => {
    const { document, types } = await contractFiles();
    expect(readFileSync(DOCUMENT_FILE, 'utf8')).toBe(document);
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(types);
  });

  it('passes Redocly’s recommended rules with no error and no warning', async () => {
    const { stdout } = await promisify(execFile)('npx', ['redocly', 'lint', DOCUMENT_FILE, '--format=json'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(report.problems.map((p: { ruleId: string; message: string }) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('the response checker catches an undocumented status, a body off its schema and a missing header', () => {
    const project = {
      projectId: 'LYG-1',
      name: '项目',
      investor: '公司',
      district: 'haizhou',
      industry: 'pharma',
      agreedInvestment: 100_000_000,
      capitalSource: 'domestic',
      currency: 'CNY',
      agreedInvestmentOriginal: 100_000_000,
      bands: ['B1'],
      signedOn: '2025-01-02',
      version: 1,
      updatedAt: '2025-01-02T00:00:00.000Z',
      updatedBy: 'u',
      status: 'signed',
    };
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(contractViolations('POST', '/projects/LYG-1/start', { status: 200, headers: { ...json, etag: '"1"' }, body: project })).toEqual(
      [],
    );
    expect(contractViolations('POST', '/projects/LYG-1/start', { status: 202, headers: json, body: project })).toEqual([
      expect.stringMatching(/status not documented/),
    ]);
    const { status: _status, ...withoutStatus } = project;
    expect(
      contractViolations('POST', '/projects/LYG-1/start', { status: 200, headers: { ...json, etag: '"1"' }, body: withoutStatus }),
    ).toEqual([expect.stringMatching(/must have required property 'status'/)]);
    expect(contractViolations('POST', '/projects/LYG-1/start', { status: 200, headers: json, body: project })).toEqual([
      expect.stringMatching(/header ETag missing/),
    ]);
    expect(
      contractViolations('DELETE', '/projects/LYG-1', { status: 405, headers: { 'content-type': 'application/problem+json' }, body: {} }),
    ).toEqual([]);
    expect(contractViolations('GET', '/nowhere', { status: 200, headers: json, body: {} })).toEqual([
      expect.stringMatching(/not in the contract/),
    ]);
  });
});
