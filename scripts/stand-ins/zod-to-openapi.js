/**
 * The Lambda bundle's stand-in for @asteasolutions/zod-to-openapi (see
 * scripts/build.ts). @hono/zod-openapi registers every route in a registry
 * and can generate the document from it; the Lambda serves the document the
 * build generated instead, so only the registry is kept, and the generators
 * throw if ever made.
 */
const notBundled = () => {
  throw new Error("The OpenAPI generator is not bundled: the Lambda serves the openapi.json that the build wrote");
};

export class OpenAPIRegistry {
  constructor(parents) {
    this.parents = parents;
    this._definitions = [];
  }

  get definitions() {
    return [...(this.parents?.flatMap((parent) => parent._definitions) ?? []), ...this._definitions];
  }

  register(_refId, schema) {
    this._definitions.push({ type: "schema", schema });
    return schema;
  }

  registerParameter(_refId, schema) {
    this._definitions.push({ type: "parameter", schema });
    return schema;
  }

  registerPath(route) {
    this._definitions.push({ type: "route", route });
  }

  registerWebhook(webhook) {
    this._definitions.push({ type: "webhook", webhook });
  }

  registerComponent(componentType, name, component) {
    this._definitions.push({ type: "component", componentType, name, component });
    return { name, ref: { $ref: `#/components/${componentType}/${name}` } };
  }
}

export class OpenApiGeneratorV3 {
  constructor() {
    notBundled();
  }
}

export class OpenApiGeneratorV31 {
  constructor() {
    notBundled();
  }
}

export class OpenApiGeneratorV32 {
  constructor() {
    notBundled();
  }
}

/** The real one adds `.openapi()` to zod's schemas; the project describes its schemas with `.meta()`. */
export const extendZodWithOpenApi = () => {};
export const getOpenApiMetadata = () => ({});
export const getRefId = () => undefined;
export const zodToOpenAPIRegistry = undefined;
