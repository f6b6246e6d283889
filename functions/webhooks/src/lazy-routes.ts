// Routes a cold start does not need, loaded on their first request. A webhooks container mostly only ever
// receives hooks: the operator API (and whatever else is mounted this way: a console, /api/v1) is imported
// and built when a request first asks for it, so a hook's cold start neither evaluates nor builds it. esbuild
// keeps everything in one bundle; a module reached only through `import()` is evaluated on that call.
import type { Context, Hono } from "hono";
import type { AppEnv } from "./env.ts";

/**
 * Mounts, under `prefix`, the app `load` resolves to, built once on the first request under `prefix`. The
 * loaded app sees the whole path (`/admin/events`, not `/events`): build it with `.route(prefix, routes)`
 * and `withAppBasics`, so its request ids and error answers are the main app's.
 */
export function lazyRoutes(app: Hono<AppEnv>, prefix: string, load: () => Promise<Hono<AppEnv>>): void {
  let loaded: Promise<Hono<AppEnv>> | undefined;
  const delegate = async (c: Context<AppEnv>) => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined; // a failed import is tried again by the next request, not cached
      throw error;
    });
    return (await loaded).fetch(c.req.raw, c.env);
  };
  app.all(prefix, delegate);
  app.all(`${prefix}/*`, delegate);
}
