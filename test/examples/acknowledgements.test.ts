import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { acknowledgeExampleExceptions, buildApp, EXAMPLE_ACKNOWLEDGEMENTS, EXAMPLE_HTTP_ACKNOWLEDGEMENTS } from '../../examples/orders-app';
import { ApiBaselineChecks } from '../../src';

const README = path.join(__dirname, '..', '..', 'README.md');

/** Every acknowledged finding id in the tree under `scope` (cdk-nag v3 acknowledgements). */
function acknowledgedIds(scope: IConstruct): Set<string> {
  const ids = new Set<string>();
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const key of Object.keys(entry.data as object)) ids.add(key.replace(/^annotation::/i, ''));
    }
  }
  return ids;
}

/** The ids (backticked values of the first column) of the table under "## Known acknowledgements". */
function readmeAcknowledgementIds(): Set<string> {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf('\n## Known acknowledgements\n');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = text.slice(start + 1).split(/\n## /)[0];
  const rows = section.split('\n').filter((l) => l.startsWith('|')).slice(2); // header and separator
  const ids = new Set<string>();
  for (const row of rows) {
    const firstCell = row.split(/(?<!\\)\|/)[1];
    for (const m of firstCell.matchAll(/`([^`]+)`/g)) ids.add(m[1]);
  }
  return ids;
}

function errorFindings(packs: NagPack[], scope: IConstruct): string[] {
  const out: string[] = [];
  for (const pack of packs) {
    for (const v of pack.validateScope(scope).violations) {
      if ((v.severity ?? 'error') !== 'error') continue;
      for (const r of v.violatingResources) out.push(`${v.ruleName} ${r.constructPath ?? r.resourceLogicalId}`);
    }
  }
  return out.sort();
}

const PACKS = (): NagPack[] => [
  new ApiBaselineChecks(),
  new AwsSolutionsChecks(),
  new NIST80053R5Checks(),
  new PCIDSS321Checks(),
  new HIPAASecurityChecks(),
  new ServerlessChecks(),
];

describe('example app acknowledgements', () => {
  const app = buildApp(new App({ builtinCloudFormationValidation: false }), { checks: false });
  const stack = app.node.findAll().find((c): c is Stack => Stack.isStack(c))!;

  test('ApiBaseline and the five standard packs report zero ERROR findings', () => {
    expect(errorFindings(PACKS(), app)).toEqual([]);
  });

  test('without the example acknowledgements the standard packs do report the acknowledged findings', () => {
    // The acknowledgements are not dead weight: every id in the table suppresses a real finding.
    const bare = buildApp(new App({ builtinCloudFormationValidation: false }), { checks: false });
    const bareStack = bare.node.findAll().find((c): c is Stack => Stack.isStack(c))!;
    for (const c of bareStack.node.findAll()) {
      // node.metadata is a copy; drop the example's entries from the node's own list (test only)
      const meta: any[] = (c.node as any)._metadata ?? [];
      for (let i = meta.length - 1; i >= 0; i--) {
        const data = meta[i].data;
        if (meta[i].type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY
          && EXAMPLE_ACKNOWLEDGEMENTS.some((a) => a.reason === Object.values(data)[0])) {
          meta.splice(i, 1);
        }
      }
    }
    const reported = new Set(errorFindings(PACKS(), bare).map((f) => f.split(' ')[0]));
    for (const ack of EXAMPLE_ACKNOWLEDGEMENTS) {
      for (const id of ack.ids) expect(reported).toContain(id);
    }
  });

  test('HTTP API stack: without its acknowledgements the packs do report each acknowledged finding (warnings included)', () => {
    const bare = buildApp(new App({ builtinCloudFormationValidation: false }), { checks: false });
    const httpStack = bare.node.findChild('OrdersHttpApi');
    for (const c of httpStack.node.findAll()) {
      const meta: any[] = (c.node as any)._metadata ?? [];
      for (let i = meta.length - 1; i >= 0; i--) {
        const data = meta[i].data;
        if (meta[i].type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY
          && EXAMPLE_HTTP_ACKNOWLEDGEMENTS.some((a) => a.reason === Object.values(data)[0])) {
          meta.splice(i, 1);
        }
      }
    }
    const reported = new Set<string>();
    for (const pack of PACKS()) {
      for (const v of pack.validateScope(httpStack).violations) reported.add(v.ruleName);
    }
    for (const ack of EXAMPLE_HTTP_ACKNOWLEDGEMENTS) {
      for (const id of ack.ids) expect(reported).toContain(id);
    }
  });

  test('every acknowledgement has a specific reason and targets a construct below the stack', () => {
    for (const ack of [...EXAMPLE_ACKNOWLEDGEMENTS, ...EXAMPLE_HTTP_ACKNOWLEDGEMENTS]) {
      expect(ack.reason.length).toBeGreaterThan(60);
      expect(ack.paths.length).toBeGreaterThan(0);
      expect(ack.paths).not.toContain('');
    }
    expect(stack.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
    expect(app.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
  });

  test('a path that matches no construct is an error', () => {
    const other = new Stack(new App(), 'Empty');
    expect(() => acknowledgeExampleExceptions(other)).toThrow(/acknowledgement path "OrdersTable" matches no construct under Empty/);
  });

  test('README "Known acknowledgements" lists exactly the acknowledgement ids of the example app', () => {
    const inApp = [...acknowledgedIds(app)].sort();
    const inReadme = [...readmeAcknowledgementIds()].sort();
    expect(inApp.length).toBeGreaterThan(0);
    expect(inReadme).toEqual(inApp);
  });
});
