/**
 * The message catalogues: English has every Danish message and no other (the
 * type checker holds the shapes; this also checks lists have the same
 * length and functions the same arity), no message is blank, and no page
 * component writes user-visible text of its own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { speechFor } from "../../functions/web/i18n";

type Tree = Record<string, unknown>;

/** Every leaf as "path: kind", where kind is "text", "list of n" or "function of n". */
function leaves(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return [`${prefix}: text`];
  if (typeof tree === "function") return [`${prefix}: function of ${tree.length}`];
  if (Array.isArray(tree)) return [`${prefix}: list of ${tree.length}`];
  return Object.entries(tree as Tree).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

function blanks(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return tree.trim() === "" ? [prefix] : [];
  if (Array.isArray(tree)) return tree.flatMap((item, index) => blanks(item, `${prefix}.${index}`));
  if (tree && typeof tree === "object") {
    return Object.entries(tree as Tree).flatMap(([key, value]) => blanks(value, prefix ? `${prefix}.${key}` : key));
  }
  return [];
}

/** Attributes whose text people read or hear. */
const READ_ATTRIBUTES = new Set(["title", "alt", "aria-label", "placeholder", "label", "summary"]);

const pagesFolder = new URL("../../functions/web/", import.meta.url).pathname;

function componentFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "i18n" || entry.name === "static" ? [] : componentFiles(path);
    return entry.name.endsWith(".tsx") ? [path] : [];
  });
}

describe("the message catalogues", () => {
  it("have the same messages in Danish and English", () => {
    expect(leaves(speechFor("en").t)).toEqual(leaves(speechFor("da").t));
  });

  it("have no blank message", () => {
    expect(blanks(speechFor("da").t)).toEqual([]);
    expect(blanks(speechFor("en").t)).toEqual([]);
  });

  it("are all the text the page components write: no words between their tags", () => {
    const literals = componentFiles(pagesFolder).flatMap((file) => {
      const source = ts.createSourceFile(
        file,
        readFileSync(file, "utf8"),
        ts.ScriptTarget.Latest,
        true,
        ts.ScriptKind.TSX,
      );
      const found: string[] = [];
      const visit = (node: ts.Node) => {
        // Text between JSX tags, and string literals given straight to a JSX attribute people read.
        if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text)) found.push(node.text.trim());
        if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
          if (ts.isStringLiteral(node.initializer) && /\p{L}{2,}/u.test(node.initializer.text)) {
            found.push(`${node.name.getText()}="${node.initializer.text}"`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      return found.map((text) => `${file.slice(pagesFolder.length)}: ${text}`);
    });
    expect(literals).toEqual([]);
  });
});
