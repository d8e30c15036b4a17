import {
  evaluateCondition,
  evaluateConditionExpression,
  MAX_PARAMETER_VARIANTS,
  parameterVariants,
  resolveConditionals,
  TemplateContext,
} from '../../../src/nag/model/template-context';

function context(parameters: Record<string, any> = {}, conditions: Record<string, any> = {}): TemplateContext {
  return { parameters: new Map(Object.entries(parameters)), conditions: new Map(Object.entries(conditions)) };
}

const TRUE = { 'Fn::Equals': ['a', 'a'] };
const FALSE = { 'Fn::Equals': ['a', 'b'] };
const UNKNOWN = { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] };

describe('evaluateConditionExpression', () => {
  const ctx = context();

  test('Fn::Equals of equal and different literals', () => {
    expect(evaluateConditionExpression(TRUE, ctx)).toBe(true);
    expect(evaluateConditionExpression(FALSE, ctx)).toBe(false);
  });

  test('numbers and booleans compare as strings', () => {
    expect(evaluateConditionExpression({ 'Fn::Equals': [1, '1'] }, ctx)).toBe(true);
    expect(evaluateConditionExpression({ 'Fn::Equals': ['true', true] }, ctx)).toBe(true);
    expect(evaluateConditionExpression({ 'Fn::Equals': [1, '01'] }, ctx)).toBe(false);
    expect(evaluateConditionExpression({ 'Fn::Equals': [false, 'False'] }, ctx)).toBe(false);
  });

  test('a Ref or any other intrinsic inside Fn::Equals is undecidable', () => {
    expect(evaluateConditionExpression(UNKNOWN, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::Equals': [{ 'Fn::Sub': 'a' }, 'a'] }, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::Equals': [{ 'Fn::If': ['C', 'a', 'b'] }, 'a'] }, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::Equals': [null, 'null'] }, ctx)).toBeUndefined();
  });

  test('malformed expressions are undecidable', () => {
    expect(evaluateConditionExpression({ 'Fn::Equals': ['a'] }, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::Not': [TRUE, FALSE] }, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::And': [] }, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::Equals': ['a', 'a'], 'Fn::Not': [TRUE] }, ctx)).toBeUndefined();
    expect(evaluateConditionExpression('true', ctx)).toBeUndefined();
    expect(evaluateConditionExpression(true, ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ 'Fn::Select': [0, ['a']] }, ctx)).toBeUndefined();
  });

  test('Fn::Not', () => {
    expect(evaluateConditionExpression({ 'Fn::Not': [TRUE] }, ctx)).toBe(false);
    expect(evaluateConditionExpression({ 'Fn::Not': [FALSE] }, ctx)).toBe(true);
    expect(evaluateConditionExpression({ 'Fn::Not': [UNKNOWN] }, ctx)).toBeUndefined();
  });

  test('Fn::And is false as soon as one part is false, whatever the other parts', () => {
    expect(evaluateConditionExpression({ 'Fn::And': [TRUE, TRUE] }, ctx)).toBe(true);
    expect(evaluateConditionExpression({ 'Fn::And': [UNKNOWN, FALSE] }, ctx)).toBe(false);
    expect(evaluateConditionExpression({ 'Fn::And': [FALSE, UNKNOWN] }, ctx)).toBe(false);
    expect(evaluateConditionExpression({ 'Fn::And': [TRUE, UNKNOWN] }, ctx)).toBeUndefined();
  });

  test('Fn::Or is true as soon as one part is true, whatever the other parts', () => {
    expect(evaluateConditionExpression({ 'Fn::Or': [FALSE, FALSE] }, ctx)).toBe(false);
    expect(evaluateConditionExpression({ 'Fn::Or': [UNKNOWN, TRUE] }, ctx)).toBe(true);
    expect(evaluateConditionExpression({ 'Fn::Or': [TRUE, UNKNOWN] }, ctx)).toBe(true);
    expect(evaluateConditionExpression({ 'Fn::Or': [FALSE, UNKNOWN] }, ctx)).toBeUndefined();
  });

  test('nested combinations', () => {
    const expr = { 'Fn::Not': [{ 'Fn::Or': [{ 'Fn::And': [TRUE, FALSE] }, { 'Fn::Equals': [3, 3] }] }] };
    expect(evaluateConditionExpression(expr, ctx)).toBe(false);
  });
});

describe('evaluateCondition', () => {
  test('follows Condition references', () => {
    const ctx = context({}, {
      IsProd: { 'Fn::Equals': ['prod', 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] },
    });
    expect(evaluateCondition('IsProd', ctx)).toBe(true);
    expect(evaluateCondition('NotProd', ctx)).toBe(false);
    expect(evaluateCondition('Both', ctx)).toBe(false);
    expect(evaluateConditionExpression({ Condition: 'NotProd' }, ctx)).toBe(false);
  });

  test('an unknown name is undecidable', () => {
    const ctx = context({}, { Known: TRUE, UsesMissing: { 'Fn::Not': [{ Condition: 'Missing' }] } });
    expect(evaluateCondition('Missing', ctx)).toBeUndefined();
    expect(evaluateCondition('UsesMissing', ctx)).toBeUndefined();
    expect(evaluateConditionExpression({ Condition: 42 }, ctx)).toBeUndefined();
  });

  test('a condition on a cycle is undecidable, whatever the order of the parts', () => {
    const ctx = context({}, {
      Self: { 'Fn::Not': [{ Condition: 'Self' }] },
      A: { 'Fn::Or': [TRUE, { Condition: 'B' }] },
      B: { 'Fn::And': [{ Condition: 'A' }, FALSE] },
      C: { 'Fn::And': [FALSE, { Condition: 'A' }] },
    });
    expect(evaluateCondition('Self', ctx)).toBeUndefined();
    expect(evaluateCondition('A', ctx)).toBeUndefined();
    expect(evaluateCondition('B', ctx)).toBeUndefined();
    // C is not on the cycle: its false part decides it
    expect(evaluateCondition('C', ctx)).toBe(false);
  });

  test('a long chain of shared references is evaluated once per condition', () => {
    const conditions: Record<string, any> = { C0: TRUE };
    for (let i = 1; i <= 20; i++) {
      conditions[`C${i}`] = { 'Fn::And': [{ Condition: `C${i - 1}` }, { Condition: `C${i - 1}` }] };
    }
    let reads = 0;
    class CountingMap extends Map<string, any> {
      public get(key: string) {
        reads++;
        return super.get(key);
      }
    }
    const ctx = { parameters: new Map(), conditions: new CountingMap(Object.entries(conditions)) };
    expect(evaluateCondition('C20', ctx)).toBe(true);
    expect(reads).toBe(21);
  });

  test('conditions named like Object.prototype members', () => {
    const ctx = context({}, JSON.parse('{"constructor": {"Fn::Equals": ["a", "b"]}, "__proto__": {"Fn::Not": [{"Condition": "constructor"}]}}'));
    expect(evaluateCondition('constructor', ctx)).toBe(false);
    expect(evaluateCondition('__proto__', ctx)).toBe(true);
    expect(evaluateCondition('toString', ctx)).toBeUndefined();
    expect(evaluateCondition('hasOwnProperty', ctx)).toBeUndefined();
  });
});

describe('resolveConditionals', () => {
  const ctx = context({}, { Yes: TRUE, No: FALSE, Maybe: UNKNOWN });

  test('chooses the branch of decidable conditions in nested objects and arrays', () => {
    const value = {
      A: { 'Fn::If': ['Yes', 'then', 'else'] },
      B: [{ 'Fn::If': ['No', 1, 2] }, { C: { 'Fn::If': ['Yes', { D: { 'Fn::If': ['No', 'x', 'y'] } }, 'z'] } }],
    };
    expect(resolveConditionals(value, ctx)).toEqual({ value: { A: 'then', B: [2, { C: { D: 'y' } }] }, undecided: [] });
  });

  test('AWS::NoValue removes the key of an object and the element of an array', () => {
    const value = {
      Keep: 1,
      Drop: { 'Fn::If': ['Yes', { Ref: 'AWS::NoValue' }, 'x'] },
      List: ['a', { 'Fn::If': ['No', 'b', { Ref: 'AWS::NoValue' }] }, 'c'],
    };
    const { value: out } = resolveConditionals(value, ctx);
    expect(out).toEqual({ Keep: 1, List: ['a', 'c'] });
    expect(Object.keys(out as object)).toEqual(['Keep', 'List']);
  });

  test('a whole value removed by AWS::NoValue is undefined', () => {
    expect(resolveConditionals({ 'Fn::If': ['No', 'x', { Ref: 'AWS::NoValue' }] }, ctx).value).toBeUndefined();
  });

  test('undecidable conditions stay as they are and are named once', () => {
    const maybe = { 'Fn::If': ['Maybe', 'a', { Ref: 'AWS::NoValue' }] };
    const value = { A: maybe, B: [{ 'Fn::If': ['Maybe', 1, 2] }, { 'Fn::If': ['Missing', 1, 2] }], C: { 'Fn::If': ['Yes', 'c', 'd'] } };
    const result = resolveConditionals(value, ctx);
    expect(result.value).toEqual({ A: maybe, B: value.B, C: 'c' });
    expect((result.value as any).A).toBe(maybe);
    expect(result.undecided).toEqual(['Maybe', 'Missing']);
  });

  test('decidable conditions inside the branches of an undecidable one are resolved', () => {
    const value = { 'Fn::If': ['Maybe', { 'Fn::If': ['Yes', { Ref: 'AWS::NoValue' }, 'x'] }, { 'Fn::If': ['No', 'y', 'z'] }] };
    expect(resolveConditionals(value, ctx)).toEqual({
      value: { 'Fn::If': ['Maybe', { Ref: 'AWS::NoValue' }, 'z'] },
      undecided: ['Maybe'],
    });
  });

  test('a value without decidable Fn::If is returned as it is', () => {
    const value = { A: [1, { B: 'c' }], D: { 'Fn::If': ['Maybe', 'a', 'b'] } };
    expect(resolveConditionals(value, ctx).value).toBe(value);
    expect(resolveConditionals('text', ctx).value).toBe('text');
  });

  test('keys named like Object.prototype members survive as own properties', () => {
    const value = JSON.parse('{"__proto__": {"Fn::If": ["constructor", "a", "b"]}, "constructor": 1}');
    const ctxProto = context({}, JSON.parse('{"constructor": {"Fn::Equals": [1, 1]}}'));
    const out = resolveConditionals(value, ctxProto).value as any;
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')!.value).toBe('a');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.constructor).toBe(1);
  });
});

describe('parameterVariants', () => {
  test('a parameter with a Default only gives one variant at its Default', () => {
    const ctx = context({ Level: { Type: 'String', Default: 'INFO' } });
    const value = { LoggingLevel: { Ref: 'Level' }, Other: { Ref: 'AWS::Region' } };
    expect(parameterVariants(value, ctx)).toEqual({
      variants: [{ value: { LoggingLevel: 'INFO', Other: { Ref: 'AWS::Region' } }, assignments: [{ name: 'Level', value: 'INFO' }] }],
      truncated: false,
    });
  });

  test('one more variant per other AllowedValues entry, the other parameters at their Default', () => {
    const ctx = context({
      Level: { Type: 'String', Default: 'INFO', AllowedValues: ['OFF', 'INFO', 'ERROR'] },
      Trace: { Type: 'String', Default: 'false', AllowedValues: ['true', 'false'] },
    });
    const { variants, truncated } = parameterVariants({ L: { Ref: 'Level' }, T: [{ Ref: 'Trace' }] }, ctx);
    expect(truncated).toBe(false);
    expect(variants.map((v) => v.value)).toEqual([
      { L: 'INFO', T: ['false'] },
      { L: 'OFF', T: ['false'] },
      { L: 'ERROR', T: ['false'] },
      { L: 'INFO', T: ['true'] },
    ]);
    expect(variants[1].assignments).toEqual([{ name: 'Level', value: 'OFF' }, { name: 'Trace', value: 'false' }]);
  });

  test('AllowedValues without a Default start at the first allowed value', () => {
    const ctx = context({ Mode: { AllowedValues: ['a', 'b'] } });
    expect(parameterVariants({ Ref: 'Mode' }, ctx).variants.map((v) => v.value)).toEqual(['a', 'b']);
  });

  test('Number parameters give numbers when numeric', () => {
    const ctx = context({
      Rate: { Type: 'Number', Default: '100', AllowedValues: ['100', '5000', 10.5] },
      Odd: { Type: 'Number', Default: 'abc' },
      Plain: { Type: 'String', Default: 42 },
    });
    const { variants } = parameterVariants({ R: { Ref: 'Rate' }, O: { Ref: 'Odd' }, P: { Ref: 'Plain' } }, ctx);
    expect(variants.map((v) => v.value)).toEqual([
      { R: 100, O: 'abc', P: '42' },
      { R: 5000, O: 'abc', P: '42' },
      { R: 10.5, O: 'abc', P: '42' },
    ]);
  });

  test('list parameters give string arrays; list parameters without Default stay as Ref', () => {
    const ctx = context({
      Origins: { Type: 'CommaDelimitedList', Default: 'https://a.example, https://b.example', AllowedValues: ['*'] },
      Subnets: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2' },
      NoDefault: { Type: 'CommaDelimitedList', AllowedValues: ['x', 'y'] },
    });
    const { variants } = parameterVariants({ O: { Ref: 'Origins' }, S: { Ref: 'Subnets' }, N: { Ref: 'NoDefault' } }, ctx);
    expect(variants.map((v) => v.value)).toEqual([
      { O: ['https://a.example', 'https://b.example'], S: ['subnet-1', 'subnet-2'], N: { Ref: 'NoDefault' } },
      { O: ['*'], S: ['subnet-1', 'subnet-2'], N: { Ref: 'NoDefault' } },
    ]);
  });

  test('${P} inside Fn::Sub strings is substituted; a fully substituted Fn::Sub becomes a string', () => {
    const ctx = context({ Stage: { Type: 'String', Default: 'prod', AllowedValues: ['prod', 'dev'] } });
    const value = {
      Plain: { 'Fn::Sub': 'api-${Stage}-${!Literal}' },
      Mixed: { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${Stage}' },
      Shadowed: { 'Fn::Sub': ['${Stage}-${Name}', { Stage: 'own', Name: { Ref: 'Stage' } }] },
    };
    const { variants } = parameterVariants(value, ctx);
    expect(variants.map((v) => v.value)).toEqual([
      {
        Plain: 'api-prod-${Literal}',
        Mixed: { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:prod' },
        Shadowed: { 'Fn::Sub': ['${Stage}-${Name}', { Stage: 'own', Name: 'prod' }] },
      },
      {
        Plain: 'api-dev-${Literal}',
        Mixed: { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:dev' },
        Shadowed: { 'Fn::Sub': ['${Stage}-${Name}', { Stage: 'own', Name: 'dev' }] },
      },
    ]);
  });

  test('a parameter used only under a shadowing Fn::Sub variable is not expanded', () => {
    const ctx = context({ Stage: { Default: 'prod' } });
    const value = { 'Fn::Sub': ['${Stage}', { Stage: 'own' }] };
    const { variants } = parameterVariants(value, ctx);
    expect(variants).toHaveLength(1);
    expect(variants[0].value).toBe(value);
    expect(variants[0].assignments).toEqual([]);
  });

  test('SSM-typed, NoEcho and undefaulted parameters stay as Ref', () => {
    const ctx = context({
      Ssm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/path/to/value' },
      Secret: { Type: 'String', NoEcho: 'true', Default: 'hunter2' },
      SecretBool: { Type: 'String', NoEcho: true, Default: 'hunter2' },
      Bare: { Type: 'String' },
      Used: { Type: 'String', Default: 'x' },
    });
    const value = {
      A: { Ref: 'Ssm' },
      B: { Ref: 'Secret' },
      C: { Ref: 'SecretBool' },
      D: { Ref: 'Bare' },
      E: { Ref: 'Used' },
      F: { 'Fn::Sub': '${Ssm}${Secret}' },
    };
    const { variants } = parameterVariants(value, ctx);
    expect(variants).toHaveLength(1);
    expect(variants[0].value).toEqual({ ...value, E: 'x' });
    expect(variants[0].assignments).toEqual([{ name: 'Used', value: 'x' }]);
  });

  test('without expandable parameters the value itself is the one variant', () => {
    const ctx = context({ Unused: { Default: 'x', AllowedValues: ['x', 'y'] }, Bare: {} });
    for (const value of [{ A: [{ Ref: 'Resource' }, { Ref: 'Bare' }], B: { 'Fn::Sub': '${AWS::StackName}' } }, 'text', 7, null]) {
      const result = parameterVariants(value, ctx);
      expect(result.truncated).toBe(false);
      expect(result.variants).toHaveLength(1);
      expect(result.variants[0].value).toBe(value);
      expect(result.variants[0].assignments).toEqual([]);
    }
  });

  test('parts that use no parameter are shared, not copied', () => {
    const ctx = context({ P: { Default: 'x' } });
    const untouched = { Deep: [1, 2, 3] };
    const value = { A: untouched, B: { Ref: 'P' } };
    const out = parameterVariants(value, ctx).variants[0].value as any;
    expect(out).not.toBe(value);
    expect(out.A).toBe(untouched);
    expect(value.B).toEqual({ Ref: 'P' });
  });

  test('the number of variants is capped and the cap is reported', () => {
    const allowed = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const ctx = context({ P: { Default: 'v0', AllowedValues: allowed }, Q: { Default: 'q', AllowedValues: ['q', 'r'] } });
    const capped = parameterVariants({ P: { Ref: 'P' }, Q: { Ref: 'Q' } }, ctx);
    expect(capped.truncated).toBe(true);
    expect(capped.variants).toHaveLength(MAX_PARAMETER_VARIANTS);
    expect(capped.variants[0].value).toEqual({ P: 'v0', Q: 'q' });
    const small = parameterVariants({ Ref: 'Q' }, ctx, 2);
    expect(small).toEqual({ variants: [{ value: 'q', assignments: [{ name: 'Q', value: 'q' }] }, { value: 'r', assignments: [{ name: 'Q', value: 'r' }] }], truncated: false });
    expect(parameterVariants({ Ref: 'Q' }, ctx, 1).truncated).toBe(true);
  });

  test('duplicate allowed values give one variant', () => {
    const ctx = context({ P: { Type: 'Number', Default: 1, AllowedValues: ['1', 1, '2', 2] } });
    expect(parameterVariants({ Ref: 'P' }, ctx).variants.map((v) => v.value)).toEqual([1, 2]);
  });

  test('parameters named like Object.prototype members', () => {
    const ctx = context(JSON.parse('{"constructor": {"Default": "c", "AllowedValues": ["c", "d"]}, "__proto__": {"Default": "p"}}'));
    const value = { A: { Ref: 'constructor' }, B: { 'Fn::Sub': '${__proto__}' }, C: { Ref: 'toString' } };
    const { variants } = parameterVariants(value, ctx);
    expect(variants.map((v) => v.value)).toEqual([
      { A: 'c', B: 'p', C: { Ref: 'toString' } },
      { A: 'd', B: 'p', C: { Ref: 'toString' } },
    ]);
  });
});
