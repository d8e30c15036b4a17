import { ResourceView } from '../stack-index';

/**
 * A plain CloudFormation resource the Serverless transform creates from a SAM resource, as the pack judges it.
 * Findings on it are reported on `origin`, the SAM resource a user edits.
 */
export interface GeneratedView extends ResourceView {
  /** The logical id of the SAM resource the resource comes from. */
  readonly origin: string;
  /**
   * For a generated API: the SAM resource each operation comes from, by operation label (`GET /pets`); an operation
   * that is not listed comes from `origin`.
   */
  readonly operationOrigins?: ReadonlyMap<string, string>;
}

/** What the expansion of a template's SAM resources gives. */
export interface SamExpansion {
  /** The plain CloudFormation resources, in the order they were made. */
  readonly generated: GeneratedView[];
  /** What could not be expanded, as sentences, by the logical id of the SAM resource it belongs to. */
  readonly unexpanded: ReadonlyMap<string, string[]>;
  /**
   * The referenceable properties of SAM resources (`MyApi.Stage`, `MyApi.Deployment`, `MyApi.DomainName`), each with the
   * logical id of the resource it stands for.
   */
  readonly references: ReadonlyMap<string, string>;
}

/** An API being built from a SAM resource or from the events of functions. */
export interface ApiBuild {
  readonly id: string;
  origin: string;
  readonly props: any;
  readonly condition?: string;
  readonly body: any;
  readonly origins: Map<string, string>;
  readonly unexpanded: string[];
}

/** A REST API being built: an `AWS::Serverless::Api` or the implicit API of `Api` events. */
export interface RestBuild extends ApiBuild {
  /** The body came from `DefinitionBody` (an OpenAPI document written by the user). */
  readonly defined: boolean;
}
