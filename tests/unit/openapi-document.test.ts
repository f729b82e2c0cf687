/** The document the build writes is a function of the routes alone, and the one GET /openapi.json answers. */
import { describe, expect, it } from "vitest";
import { lambdaOpenApiDocument } from "../../functions/api/openapi-document";

describe("the built OpenAPI document", () => {
  it("is the same each time it is made, and holds no local-only route", async () => {
    const first = await lambdaOpenApiDocument();
    expect(await lambdaOpenApiDocument()).toBe(first);
    const document = JSON.parse(first);
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).not.toContain("/dev/token");
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
