import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-KmsKeyRotation';

describe('KmsKeyRotation', () => {
  test('Noncompliance 1: L2 key with default settings (no rotation)', () => {
    const stack = testStack();
    new kms.Key(stack, 'Key');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: rotation turned off', () => {
    const stack = testStack();
    new kms.Key(stack, 'Key', { enableKeyRotation: false });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 symmetric key spec without rotation', () => {
    const stack = testStack();
    new kms.CfnKey(stack, 'Key', { keySpec: 'SYMMETRIC_DEFAULT' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Key']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new kms.Key(stack, 'Rotating', { enableKeyRotation: true });
    new kms.CfnKey(stack, 'L1', { enableKeyRotation: true });
    new kms.Key(stack, 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    new kms.Key(stack, 'Hmac', { keySpec: kms.KeySpec.HMAC_256, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: rotation from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new kms.CfnKey(stack, 'Key', { enableKeyRotation: new CfnParameter(stack, 'Rotate').valueAsString as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
