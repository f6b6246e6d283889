// Resource names derived from identifiers, never from list positions: a renamed resource is replaced.

/** "salesmania-demo" → "SalesmaniaDemo", "events_dead" → "EventsDead". */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
}
