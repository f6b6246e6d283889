/** @jsxImportSource hono/jsx */
// The operator console under /console: security headers on everything, the hashed stylesheet, login, and
// behind a session every page; every POST behind the CSRF check. The webhooks app mounts it in one line.
import { systemClock } from "@smx/core";
import { Intake } from "@smx/intake";
import type { Runtime } from "@smx/runtime";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { STYLESHEET, STYLESHEET_PATH } from "./assets.ts";
import { CSRF_FIELD, csrfToken, sameOrigin, validCsrf } from "./csrf.ts";
import { type ConsoleDeps, type ConsoleEnv, sendPage } from "./env.ts";
import { Notice, Page } from "./layout.tsx";
import { registerEventActions } from "./pages/actions.tsx";
import { showEvent } from "./pages/event.tsx";
import { listEventsPage } from "./pages/events.tsx";
import { hooksPage } from "./pages/hooks.tsx";
import { login, showLogin } from "./pages/login.tsx";
import { overviewPage } from "./pages/overview.tsx";
import { previewPage } from "./pages/preview.tsx";
import { securityHeaders } from "./security.ts";
import { clearSessionCookie, readSession, sessionKey } from "./session.ts";

/** A pasted or uploaded payload is at most this large (a hook's own default limit is 1 MiB too). */
export const CONSOLE_MAX_BODY_BYTES = 1024 * 1024;

export function consoleRoutes(runtime: Runtime, adminApiKey: string | undefined): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use("*", securityHeaders);
  app.get(STYLESHEET_PATH.replace("/console", ""), (c) => {
    c.header("cache-control", "public, max-age=31536000, immutable");
    return c.body(STYLESHEET, 200, { "content-type": "text/css; charset=utf-8" });
  });
  if (adminApiKey === undefined) {
    app.all("*", (c) =>
      sendPage(
        c,
        <Page title="Console disabled">
          <Notice kind="warn">
            No admin key is configured (SMX_ADMIN_API_KEY, or the stage's AdminApiKey secret).
          </Notice>
        </Page>,
        503,
      ),
    );
    return app;
  }

  const deps: ConsoleDeps = {
    runtime,
    intake: new Intake(runtime),
    key: sessionKey(adminApiKey),
    clock: systemClock,
  };
  app.use(
    "*",
    bodyLimit({
      maxSize: CONSOLE_MAX_BODY_BYTES,
      onError: (c) => c.text(`request bodies are at most ${CONSOLE_MAX_BODY_BYTES} bytes`, 413),
    }),
  );

  app.get("/login", (c) => showLogin(c));
  app.post("/login", (c) =>
    sameOrigin(c)
      ? login(c, deps, adminApiKey)
      : showLogin(c, "Refused: the form came from another site.", 403),
  );

  // Every other page needs a live session; every POST its CSRF token and a same-site origin.
  app.use("*", async (c, next) => {
    const session = readSession(c, deps.key, deps.clock.now());
    if (session === undefined) {
      if (c.req.method === "GET" || c.req.method === "HEAD") return c.redirect("/console/login", 303);
      return showLogin(c, "Your session ended; log in again.", 401);
    }
    c.set("session", session);
    c.set("csrf", csrfToken(deps.key, session));
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      if (!sameOrigin(c) || !validCsrf(deps.key, session, form[CSRF_FIELD])) {
        runtime.logger.warn("console request refused: CSRF token or origin not valid", { path: c.req.path });
        return sendPage(
          c,
          <Page title="Refused">
            <Notice kind="bad">
              This form was not sent from a console page of this session (its security token is missing or not
              valid), so nothing was done. Open the page again and retry.
            </Notice>
          </Page>,
          403,
        );
      }
    }
    await next();
  });

  app.post("/logout", (c) => {
    clearSessionCookie(c);
    return c.redirect("/console/login", 303);
  });
  app.get("/", (c) => overviewPage(c, deps));
  app.get("/events", (c) => listEventsPage(c, deps));
  app.get("/events/:id", (c) => showEvent(c, deps));
  registerEventActions(app, deps);
  app.get("/hooks", (c) => hooksPage(c, deps));
  app.get("/preview", (c) => previewPage(c, deps));
  app.post("/preview", (c) => previewPage(c, deps));
  app.get("*", (c) =>
    sendPage(
      c,
      <Page title="Not found">
        <Notice kind="warn">No console page at {new URL(c.req.url).pathname}.</Notice>
      </Page>,
      404,
    ),
  );
  return app;
}
