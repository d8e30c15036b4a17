import { isIntrinsic } from '../stack-index';

/** The `Globals` sections and the SAM resource types each applies to. */
export const GLOBALS_SECTIONS: { readonly [section: string]: string } = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  StateMachine: 'AWS::Serverless::StateMachine',
  LayerVersion: 'AWS::Serverless::LayerVersion',
};

/**
 * The properties of a SAM resource with the template's `Globals` merged in, as the Serverless transform merges them:
 * a map is merged key by key (the resource's value wins, maps inside are merged the same way), a list is the global
 * entries followed by the resource's, and any other value (an intrinsic included) is the resource's when it has one.
 */
export function withGlobals(type: string, props: any, globals: unknown): any {
  if (globals === null || typeof globals !== 'object' || Array.isArray(globals)) return props ?? {};
  const section = Object.keys(GLOBALS_SECTIONS).find((name) => GLOBALS_SECTIONS[name] === type);
  const global = section === undefined ? undefined : (globals as any)[section];
  if (global === undefined || global === null || typeof global !== 'object' || Array.isArray(global)) return props ?? {};
  return merge(global, props ?? {});
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isIntrinsic(value);
}

function merge(global: unknown, local: unknown): unknown {
  if (local === undefined) return global;
  if (isMap(global) && isMap(local)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(global)) {
      Object.defineProperty(out, key, { value: global[key], enumerable: true, writable: true, configurable: true });
    }
    for (const key of Object.keys(local)) {
      const value = Object.prototype.hasOwnProperty.call(global, key) ? merge(global[key], local[key]) : local[key];
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  return local;
}
