import { CfnResource, Stack } from 'aws-cdk-lib';
import { ApiModel } from '../nag/model/api-model';
import { isSamType } from '../nag/model/sam';
import { StackIndex } from '../nag/stack-index';

/** An API, or a resource that may define APIs, whose operations the pack could not judge. */
export interface UnjudgedApi {
  /** The logical id of the resource a user edits. */
  readonly resource: string;
  /** Why it could not be judged. */
  readonly reason: string;
}

/** What a template's APIs are and which of them could be judged. */
export interface ApiSummary {
  /** The APIs whose operations were read, by kind (`REST`, `HTTP`, `WEBSOCKET`). */
  readonly judged: { readonly [kind: string]: number };
  /** The APIs (or SAM resources) that could not be judged, with the reason. */
  readonly unjudged: UnjudgedApi[];
}

/**
 * Counts the APIs of a stack by kind (SAM resources expanded) and lists those the pack could not read: an OpenAPI
 * document in S3 or built by an intrinsic, an API whose kind is unknown at synth, a SAM feature that is not expanded.
 */
export function summarizeApis(stack: Stack): ApiSummary {
  const index = StackIndex.build(stack);
  const model = ApiModel.of(index);
  const judged: { [kind: string]: number } = {};
  const unjudged: UnjudgedApi[] = [];
  for (const api of model.apis.values()) {
    const resource = (api.holder as { origin?: string }).origin ?? api.holder.logicalId;
    if (api.kind === undefined) {
      unjudged.push({ resource, reason: api.unreadable ?? 'the kind of API is not known at synth' });
    } else if (api.unreadable !== undefined) {
      unjudged.push({ resource, reason: api.unreadable });
    } else {
      judged[api.kind] = (judged[api.kind] ?? 0) + 1;
    }
  }
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || !isSamType(c.cfnResourceType)) continue;
    const logicalId = stack.resolve(c.logicalId);
    for (const reason of index.unexpanded(logicalId)) unjudged.push({ resource: logicalId, reason });
  }
  return { judged, unjudged };
}

/** `2 REST, 1 HTTP` (or `none`). */
export function describeJudged(judged: { readonly [kind: string]: number }): string {
  const parts = ['REST', 'HTTP', 'WEBSOCKET'].filter((k) => judged[k]).map((k) => `${judged[k]} ${k === 'WEBSOCKET' ? 'WebSocket' : k}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
