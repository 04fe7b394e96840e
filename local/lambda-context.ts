// The Lambda context a handler gets in AWS, for the local runtime and the benchmarks: the logging
// middleware reads the function's name and request id from it.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A handler as the local runtime calls it: one argument, a fresh context per invocation. */
export function locally<E, R>(functionName: string, handler: (event: E, context: Context) => Promise<R>) {
  return (event: E) => handler(event, lambdaContext(functionName));
}
