/**
 * Contract conformance: every answer a test receives through the harness is
 * checked against the app's own OpenAPI document. The status must be declared
 * for the operation, the content type declared for that status, the body
 * valid against the declared schema (JSON Schema 2020-12, with formats), and
 * every header the document marks required present. A mismatch throws, so
 * the test that made the call fails with the route, the status and the error.
 *
 * Calls that match no operation of the document (unknown routes, CORS
 * preflights, the document itself, pages and assets) have nothing to be
 * checked against and pass.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

interface MediaType {
  schema?: unknown;
}
interface DeclaredResponse {
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean }>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, DeclaredResponse>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export type Conformance = (method: string, url: string, answer: Answer) => void;

const DOCUMENT_ID = "https://praktikbolig.test/openapi.json";
const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

export function createConformance(documentText: string): Conformance {
  const document = JSON.parse(documentText) as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const compiled = new Map<string, ValidateFunction>();

  const routes = Object.entries(document.paths).map(([template, item]) => ({
    template,
    item,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    // Literal segments win over parameters (`/listings/mine` before `/listings/{id}`).
    weight: template.split("/").filter((segment) => !segment.startsWith("{")).length,
  }));
  routes.sort((a, b) => b.weight - a.weight);

  function validatorFor(template: string, method: string, status: string, mediaType: string) {
    const ref = `${DOCUMENT_ID}#/${pointer("paths", template, method, "responses", status, "content", mediaType, "schema")}`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  }

  return (method, url, answer) => {
    const path = new URL(url, "http://localhost").pathname;
    const verb = method.toLowerCase();
    const route = routes.find((candidate) => candidate.pattern.test(path) && candidate.item[verb]);
    const operation = route?.item[verb];
    if (!route || !operation) return;
    const name = `${method.toUpperCase()} ${route.template} (${operation.operationId ?? "no operationId"})`;
    const fail = (why: string): never => {
      throw new Error(`Contract: ${name} answered ${answer.status}: ${why}\n${answer.text.slice(0, 500)}`);
    };

    const status = String(answer.status);
    const declared = operation.responses[status] ?? operation.responses.default;
    if (!declared) return fail(`status not declared (declared: ${Object.keys(operation.responses).join(", ")})`);

    for (const [header, declaration] of Object.entries(declared.headers ?? {})) {
      if (declaration.required && !answer.headers.has(header)) fail(`required header ${header} missing`);
    }

    const content = declared.content ?? {};
    if (Object.keys(content).length === 0) {
      if (answer.text !== "") fail("a body where the document declares none");
      return;
    }
    const mediaType = (answer.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    if (!content[mediaType]) fail(`content type "${mediaType}" not declared (${Object.keys(content).join(", ")})`);
    if (!content[mediaType]?.schema || !/json$/.test(mediaType)) return;

    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      fail("the body is not JSON");
    }
    const validate = validatorFor(
      route.template,
      verb,
      declared === operation.responses[status] ? status : "default",
      mediaType,
    );
    if (!validate(body)) fail(ajv.errorsText(validate.errors, { dataVar: "body" }));
  };
}
