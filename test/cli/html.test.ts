import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, CORPUS, FIXTURES } from './spawn-cli';


describe('check --format html over many templates', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-html-'));
  for (const f of ['rest-hardened.json', 'http-no-access-logs.json', 'websocket-data-trace.json']) fs.copyFileSync(path.join(CORPUS, f), path.join(dir, f));
  fs.copyFileSync(path.join(FIXTURES, 'insecure-api.yaml'), path.join(dir, 'insecure.yaml'));
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"Resources": []}');
  const { code, stdout: html } = cli('check', dir, '--format', 'html', '--pack', 'aws-solutions', '--pack', 'nist-800-53-r5');
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);

  test('one self-contained page: summary first, then one section per template', () => {
    expect(code).toBe(1);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    const summary = html.indexOf('<h2>Summary</h2>');
    const firstTemplate = html.indexOf('<section class="template">');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(firstTemplate);
    expect(html.match(/<section class="template">/g)).toHaveLength(5);
    expect(html).toContain('The run fails: 0 of 5 templates pass, 4 fail, 1 could not be used');
    expect(html).toMatch(/<h3>APIs by shape \(4\)<\/h3>/);
    expect(html).toContain('<h3>Findings per checklist area</h3>');
    expect(html).toContain('<h3>Fix first</h3>');
  });

  test('findings grouped by rule with the fix once, rendered (no raw Markdown), duplicates folded', () => {
    const section = html.slice(html.indexOf('insecure.yaml</h2>'));
    const webAcl = section.slice(section.indexOf('<code>ApiBaseline-StageWebAcl</code>'));
    const rule = webAcl.slice(0, webAcl.indexOf('</div>'));
    expect(rule).toContain('<em>Fix:</em> Create an <code>AWS::WAFv2::WebACLAssociation</code>');
    expect(rule).not.toContain('`');
    expect(rule).toMatch(/same control: AwsSolutions-APIG3, NIST\.800\.53\.R5-APIGWAssociatedWithWAF/);
    expect(section.split('</section>')[0].match(/<em>Fix:<\/em> Create an <code>AWS::WAFv2::WebACLAssociation/g)).toHaveLength(1);
    // errors come before warnings in each API's group of a template section
    for (const group of section.split('</section>')[0].split('<h4>')) {
      const kinds = [...group.matchAll(/<div class="rule"><h3><span class="(fail|warn)">/g)].map((m) => m[1]);
      expect(kinds.indexOf('warn') === -1 || kinds.lastIndexOf('fail') < kinds.indexOf('warn')).toBe(true);
    }
  });

  test('a template section leads with its findings by API, then the rules matrix with rules that do not apply collapsed', () => {
    const section = html.slice(html.indexOf('insecure.yaml</h2>')).split('</section>')[0];
    // the findings of the API's stage and method are under the API; the rule and its fix once per API
    const api = section.slice(section.indexOf('<h4>API <code>Api</code>'));
    expect(api.length).toBeLessThan(section.length);
    const group = api.slice(0, api.indexOf('<h4>', 1) > 0 ? api.indexOf('<h4>', 1) : api.indexOf('<h3>Rules</h3>'));
    expect(group).toContain('<code>ApiBaseline-StageWebAcl</code>');
    expect(group).toContain('<code>ApiBaseline-MethodAuthorization</code>');
    expect(group.match(/<code>ApiBaseline-MethodAuthorization<\/code>/g)).toHaveLength(1);
    expect(section.indexOf('<h4>API <code>Api</code>')).toBeLessThan(section.indexOf('<h3>Rules</h3>'));
    const matrix = section.slice(section.indexOf('<h3>Rules</h3>'));
    expect(matrix).toMatch(/<td><code>ApiBaseline-StageWebAcl<\/code><\/td><td class="fail">fail<\/td>/);
    expect(matrix).toMatch(/<details><summary>\d+ rules not applicable to this template<\/summary>.*ApiBaseline-UserPoolMfa.*<\/details>/s);
    expect(matrix.slice(0, matrix.indexOf('<details>'))).not.toContain('ApiBaseline-UserPoolMfa');
  });

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  (chromium ? test : test.skip)('renders in headless Chromium with the summary and every template', () => {
    const dom = execFileSync(chromium!, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'))}`,
      '--dump-dom', `file://${file}`,
    ], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const text = dom.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/&amp;/g, '&');
    expect(text).toMatch(/The run fails: 0 of 5 templates pass/);
    expect(text).toContain('Findings per checklist area');
    expect(text).toContain('Monitoring & threat detection');
    for (const f of ['rest-hardened.json', 'http-no-access-logs.json', 'websocket-data-trace.json', 'insecure.yaml', 'broken.json']) expect(text).toContain(f);
    expect(text).toMatch(/"Resources" must be a map/);
  });
});
