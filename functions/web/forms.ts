/**
 * Forms the public-sector way: the page reads the posted fields, builds the
 * same object a client would send the API, validates it with the API's zod
 * schema, and on failure shows the same page again with the user's input and
 * one message per field, worded from the catalogue by issue code (zod's, or
 * the domain's rule codes) — never the English API message.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { type FieldIssue, ValidationFailed } from "#shared/errors";
import type { Messages } from "./i18n";

/** A posted form: each field's values as sent (a checkbox group may send several). */
export type FormFields = Record<string, string[]>;

/** Messages by field path (`address.postalCode`), in the page's language. */
export type FieldErrors = Record<string, string>;

export async function readForm(c: Context): Promise<FormFields> {
  const contentType = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(contentType)) return {};
  const body = await c.req.parseBody({ all: true });
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    fields[name] = values.filter((item): item is string => typeof item === "string");
  }
  return fields;
}

/** The first value of a field, trimmed; "" when absent. */
export const field = (form: FormFields, name: string): string => (form[name]?.[0] ?? "").trim();

/** Every value of a field (checkbox groups), without blanks. */
export const fieldValues = (form: FormFields, name: string): string[] =>
  (form[name] ?? []).map((value) => value.trim()).filter(Boolean);

/** A checkbox: ticked when sent with any value. */
export const ticked = (form: FormFields, name: string): boolean => field(form, name) !== "";

/** An optional text: undefined when blank. */
export const optionalText = (form: FormFields, name: string): string | undefined => field(form, name) || undefined;

/**
 * A whole number as Danes type it ("3200", "3.200", "3 200"); undefined when
 * blank, and the raw text when it is no number, so the schema reports it.
 */
export function wholeNumber(form: FormFields, name: string): number | string | undefined {
  const text = field(form, name);
  if (text === "") return undefined;
  const plain = /^-?\d+$/.test(text);
  const grouped = /^-?\d{1,3}([.\s]\d{3})+$/.test(text);
  return plain || grouped ? Number(text.replace(/[.\s]/g, "")) : text;
}

/** A decimal number, with a comma or a point ("55,68" or "55.68"); as wholeNumber otherwise. */
export function decimalNumber(form: FormFields, name: string): number | string | undefined {
  const text = field(form, name);
  if (text === "") return undefined;
  const normal = text.replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : text;
}

type ZodIssue = z.core.$ZodIssue;

/**
 * Whether a type error is a missing value. zod 4 reports the input only when
 * asked (`reportInput`); without it, its English message names what arrived.
 */
function missingValue(issue: ZodIssue & { code: "invalid_type" }): boolean {
  if ("input" in issue) return issue.input === undefined || issue.input === "";
  return /received undefined/.test(issue.message);
}

function issueText(t: Messages, issue: ZodIssue): string {
  const e = t.errors;
  switch (issue.code) {
    case "invalid_type":
      if (missingValue(issue)) return e.required;
      return issue.expected === "number" ? e.number : e.format;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? e.required : e.tooShort(min);
      if (issue.origin === "array" || issue.origin === "set") return e.choose;
      return e.tooSmall(String(issue.minimum));
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return e.tooLong(max);
      if (issue.origin === "array" || issue.origin === "set") return e.tooMany(max);
      return e.tooBig(String(issue.maximum));
    }
    case "invalid_value":
      return e.choose;
    case "invalid_format":
      return e.format;
    case "not_multiple_of":
      return e.wholeNumber;
    default:
      return e.format;
  }
}

/**
 * The first message per field of a failed parse. `overrides` words what is
 * wrong with a field's format itself (a postal code's "4 digits").
 */
export function zodFieldErrors(t: Messages, error: z.ZodError, overrides: Record<string, string> = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    if (errors[path]) continue;
    const text = issueText(t, issue as ZodIssue);
    // A field's own wording explains its format; a missing value is still "fill in this field".
    errors[path] = text === t.errors.required ? text : (overrides[path] ?? text);
  }
  return errors;
}

/** The domain's own field rules (dates in order, not in the past) as messages. */
export function domainFieldErrors(t: Messages, issues: FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    errors[issue.path] ??= issue.code ? t.errors.rules[issue.code] : t.errors.format;
  }
  return errors;
}

/**
 * Runs a change, turning the domain's validation failure into field messages
 * for the form; every other error goes on to the error pages.
 */
export async function attempt<T>(
  t: Messages,
  change: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors }> {
  try {
    return { ok: true, value: await change() };
  } catch (error) {
    if (error instanceof ValidationFailed) return { ok: false, errors: domainFieldErrors(t, error.issues) };
    throw error;
  }
}

/** The id of the input for a field path, as error summary links and labels use it. */
export const inputId = (path: string) => `field-${path.replaceAll(".", "-")}`;
