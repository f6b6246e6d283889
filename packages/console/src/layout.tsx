/** @jsxImportSource hono/jsx */
// The page shell every console page shares: the stylesheet, a skip link, the navigation with the current
// page marked for screen readers, and the logout form (a POST with the CSRF token, like every action).
import type { Child } from "hono/jsx";
import { STYLESHEET_PATH } from "./assets.ts";
import { CSRF_FIELD } from "./csrf.ts";

export type Section = "overview" | "events" | "hooks" | "preview";

const NAV: { section: Section; href: string; label: string }[] = [
  { section: "overview", href: "/console", label: "Overview" },
  { section: "events", href: "/console/events", label: "Events" },
  { section: "hooks", href: "/console/hooks", label: "Hooks" },
  { section: "preview", href: "/console/preview", label: "Preview" },
];

export interface PageProps {
  title: string;
  section?: Section;
  /** The signed-in session's CSRF token and actor; absent on the login page. */
  user?: { csrf: string; actor: string };
  children?: Child;
}

export function Page({ title, section, user, children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · SalesMania hooks console`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header>
          <strong>SalesMania hooks</strong>
          {user && (
            <>
              <nav aria-label="Console">
                {NAV.map((item) => (
                  <a href={item.href} aria-current={item.section === section ? "page" : undefined}>
                    {item.label}
                  </a>
                ))}
              </nav>
              <form method="post" action="/console/logout">
                <input type="hidden" name={CSRF_FIELD} value={user.csrf} />
                <span class="muted">{user.actor} </span>
                <button type="submit" class="secondary">
                  Log out
                </button>
              </form>
            </>
          )}
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

export function Notice({ kind, children }: { kind?: "warn" | "bad" | "ok"; children?: Child }) {
  return (
    <div class={kind ? `notice ${kind}` : "notice"} role={kind === "bad" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`status s-${status}`}>{status}</span>;
}

export function Json({ value }: { value: unknown }) {
  return <pre>{JSON.stringify(value, null, 2)}</pre>;
}

/** A time as UTC, to the second, in a <time> element (its machine-readable form in `datetime`). */
export function Time({ iso }: { iso: string | undefined }) {
  if (iso === undefined) return <span class="muted">—</span>;
  return <time datetime={iso}>{`${iso.slice(0, 19).replace("T", " ")} UTC`}</time>;
}

/** "3 h", "2 d": how long ago, for backlogs. */
export function age(iso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}
