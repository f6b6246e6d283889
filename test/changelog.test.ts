// CHANGELOG.md is kept from now on (docs/upgrade.md): it has an Unreleased section on top for what is not
// released yet, and a section for the version package.json says this is.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const changelog = readFileSync(new URL("CHANGELOG.md", root), "utf8");
const { version } = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string };

describe("CHANGELOG.md", () => {
  const headings = changelog.split("\n").filter((line) => line.startsWith("## "));

  it("starts with Unreleased and has a dated section for package.json's version", () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(headings[0]).toBe("## [Unreleased]");
    expect(headings).toContainEqual(
      expect.stringMatching(
        new RegExp(`^## \\[${version.replaceAll(".", "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`),
      ),
    );
  });

  it("lists versions newest first", () => {
    const versions = headings
      .slice(1)
      .map((heading) => heading.slice(4, heading.indexOf("]")).split(".").map(Number));
    const sorted = [...versions].sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]! || b[2]! - a[2]!);
    expect(versions).toEqual(sorted);
  });
});
