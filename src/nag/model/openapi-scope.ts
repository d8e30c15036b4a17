/** What the readers of the parts of one OpenAPI document share. */
export interface DocumentScope {
  /** The kind of API the document defines. */
  readonly kind: 'REST' | 'HTTP';
  /** The document. */
  readonly doc: Record<string, unknown>;
  /** The document's security schemes (`components.securitySchemes` or `securityDefinitions`), when readable. */
  readonly schemes: Record<string, unknown> | undefined;
  /** `value`, or what its local `$ref` points at. */
  deref(value: unknown): unknown;
}
