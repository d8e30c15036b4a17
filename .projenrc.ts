import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-api-baseline',
  description:
    'Hardened Amazon API Gateway REST APIs (Cognito OAuth 2.0, WAFv2, KMS, anomaly alarms, Inspector, access reviews) and a cdk-nag v3 rule pack that enforces the same baseline on any CDK app.',
  author: 'cdk-api-baseline maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-api-baseline/cdk-api-baseline.git',
  keywords: ['aws-cdk', 'api-gateway', 'cdk-nag', 'security', 'waf', 'cognito', 'kms'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  peerDeps: ['cdk-nag@^3.0.2'],
  bundledDeps: ['js-yaml@^4.1.0'],
  devDeps: [
    '@types/node@^20',
    'ts-jest@^29',
    'aws-cdk@^2.1148.1',
    'esbuild',
    '@types/aws-lambda',
    '@types/js-yaml@^4',
    '@aws-sdk/client-kms',
    '@aws-sdk/client-api-gateway',
    '@aws-sdk/client-cognito-identity-provider',
    '@aws-sdk/client-s3',
    '@aws-sdk/client-sns',
    '@aws-sdk/client-cloudwatch',
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-cloudwatch-logs',
    '@aws-sdk/client-secrets-manager',
    '@cdklabs/cdk-validator-cfnguard',
    // validates the CLI's SARIF output against the committed SARIF 2.1.0 schema (draft-04) in tests
    'ajv@^6.12.6',
  ],
  jestOptions: {
    jestVersion: '^30',
    jestConfig: {
      testTimeout: 120_000,
      // the suites are CPU-bound: one worker per core (jest's default leaves one core idle)
      maxWorkers: '100%',
      // translates src/ to JavaScript once, for the suites that spawn the CLI (test/cli/cli-build.ts)
      globalSetup: '<rootDir>/test/global-setup.ts',
      // coverage costs about half again the CPU time of the suites: `npx projen test:coverage` collects it on demand
      collectCoverage: false,
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts', '.projenrc.ts', 'projenrc'],
  },
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: { externals: ['@aws-sdk/*'] },
  },

  publishToPypi: {
    distName: 'cdk-api-baseline',
    module: 'cdk_api_baseline',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkapibaseline',
    mavenGroupId: 'io.github.cdk-api-baseline',
    mavenArtifactId: 'cdk-api-baseline',
  },

  bin: { 'cdk-api-baseline': 'lib/cli/main.js' },

  github: false,
  release: false,
  gitignore: ['cdk.out/', '.cdk.staging/', 'bench/results/'],
});

new JsonFile(project, 'cdk.json', {
  obj: {
    app: 'npx projen bundle && npx ts-node --prefer-ts-exts examples/orders-app.ts',
    notices: false,
    watch: { include: ['src/**', 'examples/**'] },
    context: {
      'cli-telemetry': false,
      '@aws-cdk/core:newStyleStackSynthesis': true,
    },
  },
});

// Modules a Lambda handler imports are bundled with it and may use the AWS SDK the Lambda runtime provides (a
// development dependency of the library).
project.eslint?.allowDevDeps('src/scanning/access-review-checks.ts');

// Lambda handlers are bundled into assets/ (not committed): tests and the example app need them first.
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  project.testTask.prependSpawn(bundle);
}

project.addTask('test:coverage', {
  description: 'Runs jest with code coverage (coverage/)',
  exec: 'jest --passWithNoTests --coverage',
  receiveArgs: true,
});

// jest only transpiles the tests (isolatedModules): type-check them, and the other TypeScript folders, as part of `test`
project.testTask.spawn(project.addTask('test:types', {
  description: 'Type-checks the tests, the example app, the benchmarks and the generators',
  steps: ['test', 'examples', 'bench', 'scripts'].map((dir) => ({ exec: `tsc --noEmit -p ${dir}/tsconfig.json` })),
}));

// Type-checked folders outside src/ and test/ (the example app, benchmarks, doc generators) get their own
// tsconfig so that eslint's project service and ts-node see them.
for (const dir of ['examples', 'bench', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { rootDir: '..', noEmit: true },
      include: ['**/*.ts', '../src/**/*.ts'],
    },
  });
}

// The benchmarks build apps with the library's Lambda functions, so the handlers are bundled first (a fresh clone has
// no assets/); transpile-only keeps the TypeScript compiler out of the measured process.
project.addTask('bench', {
  description: 'Benchmarks: SecureRestApi vs a plain RestApi at 50/150/500/1,000 routes, the rule pack at 500-2,000 resources, then OpenAPI and HTTP APIs with 500 and 1,000 operations, then the CLI against cfn-lint over 200 templates and a 2,000-resource template',
  env: { TS_NODE_PROJECT: 'bench/tsconfig.json' },
  steps: [
    { spawn: 'bundle' },
    { exec: 'node --expose-gc -r ts-node/register/transpile-only bench/routes.ts' },
    { exec: 'node --expose-gc -r ts-node/register/transpile-only bench/pack-scale.ts' },
    { exec: 'node --expose-gc -r ts-node/register/transpile-only bench/shapes.ts 500 1000' },
    { exec: 'node -r ts-node/register/transpile-only bench/cli.ts 200' },
  ],
});

project.addTask('test:deploy', {
  description: 'Deploy smoke test of the example app on a local moto_server (started and stopped by the test)',
  exec: "jest --coverage=false --testMatch '<rootDir>/test/deploy/**/*.deploy.ts'",
});

project.synth();
