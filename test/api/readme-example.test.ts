import { readmeExample as readmeExampleOf, typeCheckExample } from '../readme-examples';

const readmeExample = () => readmeExampleOf('## SecureRestApi');

describe('README SecureRestApi example', () => {
  test('type-checks against the library', () => {
    const { source, checked, diagnostics } = typeCheckExample(readmeExample(), __dirname);
    expect(source).toContain('new SecureRestApi(');
    expect(checked).toBe(source);
    expect(diagnostics).toEqual([]);
  });
});
