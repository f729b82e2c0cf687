/**
 * Synthesises the default stage with CDK's built-in template validation on (the
 * validation tests/infra/stacks.test.ts skips for speed), then lints both
 * templates with the CloudFormation validator that aws-cdk-lib ships
 * (@aws/cloudformation-validate, resolved from inside aws-cdk-lib).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app";

/** The part of @aws/cloudformation-validate's API this test uses (see its index.d.ts). */
interface Diagnostic {
  ruleId: string;
  severity: "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
  message: string;
  entity?: { logicalId?: string };
  propertyPath?: string;
}
interface CloudFormationValidate {
  version(): string;
  TemplateFile: new (path: string) => object;
  CompositeEngine: new () => {
    validateTemplate(
      template: object,
      config?: { severityLevel?: Diagnostic["severity"] },
    ): {
      diagnostics: Diagnostic[];
    };
    free(): void;
  };
}

function loadValidator(): CloudFormationValidate {
  const require = createRequire(import.meta.url);
  const cdkLib = dirname(require.resolve("aws-cdk-lib/package.json"));
  return createRequire(join(cdkLib, "package.json"))("@aws/cloudformation-validate") as CloudFormationValidate;
}

/** CDK emits a DependsOn beside a GetAtt on the role; its own validator ignores this warning too. */
const IGNORED_WARNINGS = new Set(["W3005"]);

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};

let assembly: CloudAssembly;
let outdir: string;
const savedValidation = process.env.CDK_VALIDATION;

beforeAll(() => {
  delete process.env.CDK_VALIDATION;
  outdir = mkdtempSync(join(tmpdir(), "praktikbolig-cdk-"));
  // With the built-in validator on and @aws-cdk/core:validateAgainstDefaultRules set
  // (cdk.json), a template error would make synth throw here.
  assembly = buildApp({ context: { ...cdkJson.context, stage: "dev" }, outdir }).app.synth();
});

afterAll(() => {
  if (savedValidation !== undefined) process.env.CDK_VALIDATION = savedValidation;
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe("CloudFormation validation", () => {
  it("synthesises with the built-in validator and cdk-nag reporting nothing", () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, "validation-report.json"), "utf8")) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
  });

  it("finds no error and no warning in either template", () => {
    const validator = loadValidator();
    expect(validator.version()).toMatch(/^\d+\.\d+/);
    const engine = new validator.CompositeEngine();
    try {
      const stacks = assembly.stacks;
      expect(stacks.map((stack) => stack.stackName).sort()).toEqual(["Praktikbolig-dev-Api", "Praktikbolig-dev-Data"]);
      for (const stack of stacks) {
        const { diagnostics } = engine.validateTemplate(new validator.TemplateFile(stack.templateFullPath), {
          severityLevel: "WARN",
        });
        const findings = diagnostics
          .filter((d) => !(d.severity === "WARN" && IGNORED_WARNINGS.has(d.ruleId)))
          .map((d) => `${stack.stackName} ${d.severity} ${d.ruleId} ${d.entity?.logicalId ?? ""} ${d.message}`);
        expect(findings).toEqual([]);
      }
    } finally {
      engine.free();
    }
  });
});
