/** @jsxImportSource hono/jsx */
// Logging in: the admin key in a password field, posted (never in a URL, never stored by the page), and
// an optional name recorded with every action as `console:<name>`. A wrong key is counted and answered 401.
import type { Context } from "hono";
import * as v from "valibot";
import { issueLoginNonce, validLoginNonce } from "../csrf.ts";
import type { ConsoleDeps } from "../env.ts";
import { sendPage } from "../env.ts";
import { Notice, Page } from "../layout.tsx";
import { newSession, sameSecret, setSessionCookie } from "../session.ts";

const LoginForm = v.object({
  key: v.pipe(v.string(), v.nonEmpty()),
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  _login: v.string(),
});

function LoginPage({ nonce, problem }: { nonce: string; problem?: string }) {
  return (
    <Page title="Log in">
      <div class="login">
        {problem && <Notice kind="bad">{problem}</Notice>}
        <form method="post" action="/console/login">
          <input type="hidden" name="_login" value={nonce} />
          <div class="field">
            <label for="key">Admin key</label>
            <input id="key" name="key" type="password" autocomplete="current-password" required autofocus />
          </div>
          <div class="field">
            <label for="name">Your name (optional, recorded with your actions)</label>
            <input id="name" name="name" type="text" autocomplete="name" maxlength={100} />
          </div>
          <button type="submit">Log in</button>
        </form>
        <p class="muted">
          The key is the stage's <code>AdminApiKey</code> secret (locally: printed by <code>npm run dev</code>
          ).
        </p>
      </div>
    </Page>
  );
}

export function showLogin(c: Context, problem?: string, status: 200 | 401 | 403 = 200) {
  return sendPage(c, <LoginPage nonce={issueLoginNonce(c)} {...(problem ? { problem } : {})} />, status);
}

export async function login(c: Context, deps: ConsoleDeps, adminKey: string) {
  const form = v.safeParse(LoginForm, await c.req.parseBody());
  if (!form.success) return showLogin(c, "Enter the admin key.", 401);
  if (!validLoginNonce(c, form.output._login))
    return showLogin(c, "The login form expired or came from another page; try again.", 403);
  if (!sameSecret(form.output.key, adminKey)) {
    deps.runtime.metrics.count("console_login_failures", 1);
    deps.runtime.logger.warn("console login refused: wrong admin key");
    return showLogin(c, "That admin key is not valid.", 401);
  }
  const now = deps.clock.now();
  const name = form.output.name === "" ? undefined : form.output.name;
  const session = newSession(name, now);
  setSessionCookie(c, deps.key, session, now);
  deps.runtime.logger.info("console login", { actor: session.actor });
  return c.redirect("/console", 303);
}
