// The production stack against the design: each piece of the diagram with the properties that make
// it behave (filters, batching, DLQs, schedules, authorizer), least-privilege IAM, alarms, stage
// names, and cdk-nag's AWS Solutions checks with nothing left unacknowledged.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rollupRulePattern } from '../../events';
import { buildApp } from '../../infra/app';
import { roleGroups } from '../../infra/http-api';
import type { PipelineStack } from '../../infra/pipeline-stack';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { METRIC } from '../../shared/platform/metrics';
import { SCHEDULES, schedulerCron } from '../../shared/platform/schedules';
import { EVENT_INSERT_FILTER, IMPORT_CHUNK_INSERT_FILTER } from '../../shared/store/stream-filter';
import { stubWebDist } from '../support/web-dist';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, string[]>> };

function newApp(context: Record<string, unknown> = {}) {
  return new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir: mkdtempSync(join(tmpdir(), 'cdk-')) });
}

const webDistPath = stubWebDist();

function synth(stage: 'dev' | 'prod', context: Record<string, unknown> = {}) {
  const app = newApp({ stage, ...context });
  const stack = buildApp(app, { webDistPath });
  return { app, stack, template: Template.fromStack(stack) };
}

const ref = (stack: PipelineStack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe('the stack (dev)', () => {
  let stack: PipelineStack;
  let template: Template;
  let resources: Resources;
  beforeAll(() => {
    ({ stack, template } = synth('dev'));
    resources = template.toJSON().Resources as Resources;
  });
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  /** CDK's own helpers for the web bucket: BucketDeployment's handler, and (dev) the auto-delete provider. */
  const isCdkHelper = (id: string) => /^Custom(CDKBucketDeployment|S3AutoDeleteObjectsCustomResourceProvider)/.test(id);
  const pipelineLambdas = () => ofType('AWS::Lambda::Function').filter(([id]) => !isCdkHelper(id));

  const pipelineFunctions = () => ({
    api: stack.api.api,
    spreadsheets: stack.api.spreadsheets,
    'import-worker': stack.imports.worker,
    publish: stack.pipeline.publish,
    rollup: stack.pipeline.rollup,
    digest: stack.jobs.digest,
    reconcile: stack.jobs.reconcile,
    'alert-sweep': stack.jobs.alertSweep,
    'alert-notice': stack.pipeline.alertNotice,
  });
  const statementsOf = (fn: { fn: { role?: { node: { defaultChild?: unknown } } } }) => {
    const roleId = stack.getLogicalId(fn.fn.role!.node.defaultChild as never);
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  };

  it('stream → publish: only new EVENT items, bisect on error, retries, batch item failures, an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ref(stack, stack.pipeline.publish.fn) },
      EventSourceArn: { 'Fn::GetAtt': [ref(stack, stack.table.table), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(EVENT_INSERT_FILTER) }] },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ref(stack, stack.pipeline.publishFailures), 'Arn'] } } },
    });
  });

  it('bus with an archive; the rule takes its pattern from events/ and targets the rollup queue, with a DLQ', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'pipeline-dev' });
    template.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: 'pipeline-dev',
      RetentionDays: 30,
      EventPattern: { source: ['pipeline.projects'] },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'pipeline-rollups-dev',
      EventPattern: JSON.parse(JSON.stringify(rollupRulePattern)),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [ref(stack, stack.pipeline.rollupQueue), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ref(stack, stack.pipeline.ruleDeadLetters), 'Arn'] } },
        }),
      ],
    });
  });

  it('queue → rollup: batches of 10 within 2 s, batch item failures, at most 2 concurrent; DLQ after 5 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'pipeline-rollups-dev',
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [ref(stack, stack.pipeline.rollupDeadLetters), 'Arn'] }, maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ref(stack, stack.pipeline.rollup.fn) },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    for (const [, queue] of ofType('AWS::SQS::Queue')) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('schedules: the digests, the nightly reconcile and the daily alert sweep, on the shared cron expressions, in Asia/Shanghai, with retries and a DLQ', () => {
    const schedules = ofType('AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    expect(schedules.map((s) => [s.Name, s.ScheduleExpression, s.ScheduleExpressionTimezone, JSON.parse(s.Target.Input)])).toEqual(
      SCHEDULES.map((s) => [`pipeline-${s.name}-dev`, schedulerCron(s), 'Asia/Shanghai', s.input]),
    );
    expect(schedules.map((s) => s.ScheduleExpression)).toEqual([
      'cron(30 0 ? * MON *)',
      'cron(30 0 1 * ? *)',
      'cron(0 0 * * ? *)',
      'cron(0 1 * * ? *)',
    ]);
    for (const s of schedules) {
      expect(s.Target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ref(stack, stack.jobs.deadLetters), 'Arn'] } },
      });
    }
  });

  it('HTTP API: the JWT authorizer on every route but GET /openapi.json, no OPTIONS route (preflights are CORS’s); the spreadsheet routes to their function; the issuer is the stack’s user pool with the role groups', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const proxyRoutes = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].map((method) => `${method} /{proxy+}`);
    const spreadsheetRoutes = [
      'POST /imports',
      'POST /projects/import',
      'GET /projects/export.xlsx',
      'GET /projects/export.csv',
      'GET /reports/{year}',
    ];
    expect(routes.map((r) => r.RouteKey).sort()).toEqual([...proxyRoutes, 'GET /openapi.json', ...spreadsheetRoutes].sort());
    const proxy = routes.find((r) => r.RouteKey === 'GET /{proxy+}')!;
    const spreadsheets = routes.find((r) => r.RouteKey === 'GET /projects/export.xlsx')!;
    expect(spreadsheets.Target).not.toEqual(proxy.Target);
    for (const route of routes) {
      expect(route.Target).toEqual(spreadsheetRoutes.includes(route.RouteKey) ? spreadsheets.Target : proxy.Target);
      if (route.RouteKey === 'GET /openapi.json') expect(route.AuthorizationType).toBe('NONE');
      else expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: proxy.AuthorizerId });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: ref(stack, stack.api.userPoolClient!) }], Issuer: Match.anyValue() },
    });
    expect(
      ofType('AWS::Cognito::UserPoolGroup')
        .map(([, r]) => r.Properties.GroupName)
        .sort(),
    ).toEqual(roleGroups(LIANYUNGANG).sort());
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('throttles: 50 rps on the stage, 1 rps (burst 2) on each import route; the stage is created after those routes', () => {
    const [, apiStage] = ofType('AWS::ApiGatewayV2::Stage')[0]!;
    expect(apiStage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    const importThrottle = { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 };
    expect(apiStage.Properties.RouteSettings).toEqual({ 'POST /projects/import': importThrottle, 'POST /imports': importThrottle });
    for (const key of ['POST /projects/import', 'POST /imports']) {
      const [routeId] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === key)!;
      expect(apiStage.DependsOn).toContain(routeId);
    }
  });

  it('background imports: new chunk items reach the import worker through the stream, one at a time, failures to their queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ref(stack, stack.imports.worker.fn) },
      BatchSize: 1,
      ParallelizationFactor: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(IMPORT_CHUNK_INSERT_FILTER) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ref(stack, stack.imports.failures), 'Arn'] } } },
    });
  });

  it('the api function has reserved concurrency (50); the pipeline functions share the rest of the account’s', () => {
    const reserved = Object.fromEntries(
      pipelineLambdas().map(([, r]) => [r.Properties.FunctionName, r.Properties.ReservedConcurrentExecutions]),
    );
    expect(reserved).toEqual({
      'pipeline-api-dev': 50,
      'pipeline-spreadsheets-dev': 40,
      'pipeline-publish-dev': undefined,
      'pipeline-rollup-dev': undefined,
      'pipeline-digest-dev': undefined,
      'pipeline-reconcile-dev': undefined,
    });
  });

  it('every function: bundled by esbuild, on arm64 and Node.js 24, no source maps at start-up, JSON logs, its own role', () => {
    expect(ofType('AWS::Lambda::Function').filter(([id]) => isCdkHelper(id))).toHaveLength(2);
    const functions = pipelineLambdas().map(([, r]) => r.Properties);
    expect(functions.map((f) => f.FunctionName).sort()).toEqual(
      ['alert-notice', 'alert-sweep', 'api', 'digest', 'import-worker', 'publish', 'reconcile', 'rollup', 'spreadsheets'].map(
        (n) => `pipeline-${n}-dev`,
      ),
    );
    // The tests run on the functions' own Node.js (npm test runs them through local/on-node-24.mjs).
    expect(`nodejs${process.versions.node.split('.')[0]}.x`).toBe('nodejs24.x');
    for (const f of functions) {
      expect(f).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], LoggingConfig: { LogFormat: 'JSON' } });
      expect(f.Environment.Variables).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'ProjectPipeline/dev' });
      // Parsing the map at every cold start is what --enable-source-maps costs; errors are mapped when logged.
      expect(f.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(JSON.parse(f.Environment.Variables.CITY_CONFIG_JSON)).toEqual(LIANYUNGANG);
    }
    expect(ofType('AWS::IAM::ManagedPolicy')).toEqual([]);
    // No role has a managed policy (AWSLambdaBasicExecutionRole writes to any log group) but CDK's
    // auto-delete provider's, in dev only: it empties the web bucket when the stack is destroyed.
    for (const [id, role] of ofType('AWS::IAM::Role')) {
      if (!isCdkHelper(id)) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('each function’s IAM policy names exactly the actions the design gives it, on named resources only', () => {
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    const expected: Record<string, string[]> = {
      api: [...logs, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      spreadsheets: [...logs, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
      'import-worker': [
        ...logs,
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ListStreams',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'sqs:SendMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
      ],
      publish: [
        ...logs,
        'events:PutEvents',
        'dynamodb:ListStreams',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'sqs:SendMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
      ],
      rollup: [
        ...logs,
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ],
      digest: [
        ...logs,
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'sns:Publish',
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
      ],
      reconcile: [...logs, 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      'alert-sweep': [...logs, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      'alert-notice': [
        ...logs,
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ],
    };
    for (const [name, fn] of Object.entries(pipelineFunctions())) {
      const statements = statementsOf(fn);
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(new Set(actions), name).toEqual(new Set(expected[name]));
      expect(JSON.stringify(statements), name).not.toMatch(/"\*"|\/\*"|:\*"/);
    }
    // The table's index access is Query, by index name, for the three functions that read indexes.
    const indexQueries = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('/index/'));
    expect(indexQueries.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^HttpApiRole/),
      expect.stringMatching(/^HttpSpreadsheetsRole/),
      expect.stringMatching(/^JobsAlertSweepRole/),
      expect.stringMatching(/^JobsDigestRole/),
    ]);
  });

  it('each function’s table access is confined to its own item types’ partitions (dynamodb:LeadingKeys); only reconcile’s Scan is not', () => {
    const table = ref(stack, stack.table.table);
    /** "<action> <table | index name>" → the partition-key patterns it may touch, or "any" without a condition. */
    const tableAccess = (statements: Statement[]) => {
      const access: Record<string, string[] | 'any'> = {};
      for (const s of statements) {
        const on = JSON.stringify(s.Resource);
        if (!on.includes(`"${table}","Arn"`)) continue;
        const where = on.match(/\/index\/(\w+)/)?.[1] ?? 'table';
        if (s.Condition) expect(s.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': expect.any(Array) } });
        const partitions = s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? 'any';
        for (const action of [s.Action].flat()) {
          // An action granted by several statements may touch the partitions of each.
          const key = `${action.replace('dynamodb:', '')} ${where}`;
          const before = access[key];
          access[key] = Array.isArray(before) && Array.isArray(partitions) ? [...before, ...partitions] : partitions;
        }
      }
      return access;
    };
    const rollups = [
      'ROLLUP#*',
      'STARTED_IN#*',
      'ROLLUP_LIVE*',
      'ROLLUP_MONTHS#*',
      'ROLLUP_DAYS#*',
      'STARTED_IN_MONTHS#*',
      'STARTED_IN_DAYS#*',
    ];
    const reads = ['PROJECT#*', ...rollups, 'TARGETS#*', 'DIGEST#*', 'IMPORT#*'];
    const indexes = { 'Query GSI1': ['STATUS#*'], 'Query GSI2': ['PLANNED#*', 'OPEN_PROBLEMS#*'], 'Query GSI3': ['DAY#*'] };
    const expected: Record<string, Record<string, string[] | 'any'>> = {
      api: {
        'GetItem table': reads,
        'Query table': reads,
        ...indexes,
        'PutItem table': ['PROJECT#*', 'TARGETS#*', 'DIGEST#*'],
        'UpdateItem table': ['PROJECT#*', 'TARGETS#*', 'DIGEST#*'],
      },
      spreadsheets: {
        'GetItem table': ['PROJECT#*', ...rollups, 'TARGETS#*'],
        'Query table': ['PROJECT#*', ...rollups, 'TARGETS#*'],
        ...indexes,
        'PutItem table': ['PROJECT#*', 'IMPORT#*'],
        'UpdateItem table': ['PROJECT#*'],
        'BatchWriteItem table': ['IMPORT#*'],
      },
      'import-worker': {
        'GetItem table': ['PROJECT#*', 'IMPORT#*'],
        'PutItem table': ['PROJECT#*', 'IMPORT#*'],
        'UpdateItem table': ['PROJECT#*', 'IMPORT#*'],
      },
      publish: {},
      rollup: { 'PutItem table': ['APPLIED#*', ...rollups], 'UpdateItem table': ['APPLIED#*', ...rollups] },
      digest: {
        'GetItem table': [...rollups, 'TARGETS#*', 'DIGEST#*'],
        'Query table': [...rollups, 'TARGETS#*', 'DIGEST#*'],
        ...indexes,
        'PutItem table': ['DIGEST#*'],
        'UpdateItem table': ['DIGEST#*'],
      },
      // A Scan names no partition: no LeadingKeys condition could confine it.
      reconcile: { 'Scan table': 'any', 'Query table': rollups, 'UpdateItem table': rollups },
      // Reads the indexes; writes a project and its event, as a command does.
      'alert-sweep': { 'GetItem table': ['PROJECT#*'], 'PutItem table': ['PROJECT#*'], ...indexes },
      'alert-notice': { 'GetItem table': ['NOTICE#*'], 'PutItem table': ['NOTICE#*'] },
    };
    for (const [name, fn] of Object.entries(pipelineFunctions())) expect(tableAccess(statementsOf(fn)), name).toEqual(expected[name]);
  });

  it('alarms: messages in any DLQ, function errors, rollup lag, reconcile drift, digest delivery; all to the alarm topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    expect(alarms.map((a) => a.AlarmName).sort()).toEqual(
      [
        'dlq-rollups',
        'dlq-bus',
        'dlq-publish',
        'dlq-schedules',
        'dlq-notices',
        'dlq-imports',
        'errors-api',
        'errors-spreadsheets',
        'errors-import-worker',
        'errors-alert-sweep',
        'errors-alert-notice',
        'errors-publish',
        'errors-rollup',
        'errors-digest',
        'errors-reconcile',
        'rollup-lag',
        'reconcile-drift',
        'digest-delivery',
      ]
        .map((n) => `pipeline-dev-${n}`)
        .sort(),
    );
    const topic = ref(stack, stack.monitoring.alarmTopic);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topic }]);
    const byName = (n: string) => alarms.find((a) => a.AlarmName === `pipeline-dev-${n}`)!;
    expect(byName('rollup-lag')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 300, Namespace: 'AWS/SQS' });
    expect(byName('reconcile-drift')).toMatchObject({
      MetricName: METRIC.rollupDrift,
      Namespace: 'ProjectPipeline/dev',
      Dimensions: [{ Name: 'service', Value: 'reconcile' }],
      Threshold: 1,
    });
    expect(byName('dlq-rollups')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'pipeline-dev' });
  });

  it('digests go to an encrypted SNS topic; the robots’ URLs live in Secrets Manager', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'pipeline-digests-dev', KmsMasterKeyId: Match.anyValue() });
    const digest = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === 'pipeline-digest-dev')![1];
    expect(digest.Properties.Environment.Variables).toMatchObject({
      DIGEST_TOPIC_ARN: { Ref: expect.any(String) },
      DIGEST_WEBHOOKS_SECRET_ARN: { Ref: expect.any(String) },
    });
    expect(JSON.stringify(digest.Properties.Environment.Variables)).not.toContain('DIGEST_WEBHOOKS_JSON');
  });

  it('names carry the stage; no account or region is written into the template', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/arn:aws[\w-]*:[\w-]*:[\w-]*:\d{12}:/);
    expect(json).not.toMatch(/\b(us|eu|ap|cn|sa|ca|me|af)-(north|south|east|west|central|northeast|southeast|northwest)-\d\b/);
    const nameKeys = [
      'Name',
      'AliasName',
      'TableName',
      'QueueName',
      'FunctionName',
      'TopicName',
      'UserPoolName',
      'ClientName',
      'DashboardName',
      'AlarmName',
      'LogGroupName',
      'RoleName',
      'ArchiveName',
    ];
    for (const [id, resource] of Object.entries(resources)) {
      for (const key of nameKeys) {
        const name = resource.Properties?.[key];
        if (typeof name === 'string') expect(name, `${id}.${key}`).toMatch(/dev/);
      }
    }
  });
});

describe('stages', () => {
  it('prod keeps its data: table retained with deletion protection, user pool retained, archive three years', () => {
    const { template, stack } = synth('prod');
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ TableName: 'pipeline-tracker-prod' }),
    });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 1095 });
    expect(stack.stackName).toBe('PipelineTracker-prod');
  });

  it('an existing issuer from context replaces the user pool', () => {
    const { template } = synth('dev', { jwtIssuer: 'https://login.example.gov.cn/oidc', jwtAudience: 'pipeline,pipeline-mobile' });
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://login.example.gov.cn/oidc', Audience: ['pipeline', 'pipeline-mobile'] },
    });
  });

  it('refuses an unknown stage or a bad issuer, naming the context key', () => {
    expect(() => buildApp(newApp({ stage: 'test' }), { webDistPath })).toThrow(/context "stage" must be dev or prod/);
    expect(() => buildApp(newApp({ jwtIssuer: 'http://insecure' }), { webDistPath })).toThrow(/context "jwtIssuer"/);
  });
});

describe('cdk-nag AWS Solutions checks', () => {
  it.each(['dev', 'prod'] as const)('%s: no finding left unacknowledged', (stage) => {
    const { app } = synth(stage);
    expect(() => app.synth()).not.toThrow();
  });

  it('are really checking: an unencrypted queue added to the stack fails synthesis', () => {
    const app = newApp({ stage: 'dev' });
    new Queue(buildApp(app, { webDistPath }) as Stack, 'Careless');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
