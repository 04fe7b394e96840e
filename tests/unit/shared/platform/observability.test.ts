// Every handler's metrics, the cold start among them, are published even when it throws.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../local/lambda-context';
import { observability, observed } from '../../../../shared/platform/observability';

let printed: string[];
beforeEach(() => {
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'ProjectPipeline/test');
  vi.stubEnv('POWERTOOLS_DEV', 'false');
  // Set by Lambda; without it Powertools never counts a cold start.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  printed = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const emf = () =>
  printed
    .flatMap((line) => line.split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((l) => l._aws);

describe('observed handlers', () => {
  it('publish the cold start once and the handler’s metrics, also when it throws', async () => {
    const o = observability('test-fn');
    const handler = observed(o, async (event: { fail: boolean }) => {
      o.metrics.addMetric('EventsApplied', MetricUnit.Count, 3);
      if (event.fail) throw new Error('boom');
      return 'ok';
    });
    await expect(handler({ fail: true }, lambdaContext('test-fn'))).rejects.toThrow('boom');
    await expect(handler({ fail: false }, lambdaContext('test-fn'))).resolves.toBe('ok');
    const lines = emf();
    expect(lines.filter((l) => 'ColdStart' in l)).toHaveLength(1);
    expect(lines.filter((l) => l.EventsApplied === 3)).toHaveLength(2);
  });

  it('log lines carry the invocation’s function name and request id', async () => {
    const o = observability('test-fn');
    const context = lambdaContext('test-fn');
    await observed(o, async () => o.logger.info('hello'))({}, context);
    const line = printed.map((l) => JSON.parse(l)).find((l) => l.message === 'hello');
    expect(line).toMatchObject({ function_name: 'test-fn', function_request_id: context.awsRequestId, service: 'test-fn' });
  });
});
