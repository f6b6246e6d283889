/** @jsxImportSource hono/jsx */
// Preview: paste or upload a payload (and, optionally, the sender's headers) for a hook and see what the hook
// makes of it — the intake's preview, the same as `smx hooks try` and the admin API's: the verdict, the
// parsed payload, the command and dedup key, and what it resolves to in SalesMania (read only). Nothing is
// written.
import {
  describeAuth,
  describeResolution,
  type HookPreview,
  PreviewInputError,
  parseHeaderText,
  VERDICT_TEXT,
} from "@smx/intake";
import { CSRF_FIELD } from "../csrf.ts";
import { type ConsoleContext, type ConsoleDeps, sendPage, userOf } from "../env.ts";
import { Json, Notice, Page } from "../layout.tsx";

const CONTENT_TYPES = [
  "auto",
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
] as const;

interface PreviewForm {
  hook: string;
  payload: string;
  headers: string;
  contentType: string;
}

export async function previewPage(c: ConsoleContext, deps: ConsoleDeps) {
  const hooks = [...deps.runtime.hooks.keys()];
  const empty: PreviewForm = {
    hook: c.req.query("hook") ?? hooks[0] ?? "",
    payload: "",
    headers: "",
    contentType: "auto",
  };
  if (c.req.method !== "POST")
    return sendPage(c, <PreviewView hooks={hooks} form={empty} csrf={c.var.csrf} c={c} />);
  const body = await c.req.parseBody();
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const form: PreviewForm = {
    hook: text("hook"),
    payload: text("payload"),
    headers: text("headers"),
    contentType: text("contentType") || "auto",
  };
  const file = body.file instanceof File && body.file.size > 0 ? body.file : undefined;
  const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(form.payload);
  let result: HookPreview | undefined;
  let problem: string | undefined;
  if (bytes.byteLength === 0) problem = "Paste a payload or choose a file.";
  else {
    try {
      const contentType = form.contentType === "auto" ? guessContentType(bytes) : form.contentType;
      const headers =
        form.headers.trim() === ""
          ? undefined
          : { "content-type": contentType, ...parseHeaderText(form.headers) };
      result = await deps.intake.preview(
        form.hook,
        { body: bytes, contentType, ...(headers ? { headers } : {}) },
        deps.runtime,
      );
    } catch (error) {
      if (!(error instanceof PreviewInputError)) throw error;
      problem = error.message;
    }
  }
  return sendPage(
    c,
    <PreviewView
      hooks={hooks}
      form={form}
      csrf={c.var.csrf}
      c={c}
      {...(result ? { result } : {})}
      {...(problem ? { problem } : {})}
    />,
    problem ? 400 : 200,
  );
}

/** What a sender's body most likely is: JSON, a multipart form (opens with its boundary), or a form post. */
function guessContentType(bytes: Uint8Array): string {
  const start = new TextDecoder().decode(bytes.subarray(0, 200)).trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return "application/json";
  if (start.startsWith("--"))
    return `multipart/form-data; boundary=${start.slice(2).split(/\r?\n/, 1)[0]?.trim()}`;
  return "application/x-www-form-urlencoded";
}

function PreviewView(props: {
  hooks: string[];
  form: PreviewForm;
  csrf: string;
  c: ConsoleContext;
  result?: HookPreview;
  problem?: string;
}) {
  const { form } = props;
  return (
    <Page title="Preview a payload" section="preview" user={userOf(props.c)}>
      <p class="muted">
        What the hook would make of a payload. Nothing is recorded or sent; SalesMania is only read. Without
        headers the payload is signed as the hook's sender would sign it; with them, the verdict is on those
        headers (upload the file to keep its exact bytes: a pasted text's line ends may change, and a real
        signature with them).
      </p>
      <form method="post" action="/console/preview" enctype="multipart/form-data">
        <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
        <div class="field">
          <label for="p-hook">Hook</label>
          <select id="p-hook" name="hook">
            {props.hooks.map((hook) => (
              <option value={hook} selected={hook === form.hook}>
                {hook}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="p-payload">Payload</label>
          <textarea id="p-payload" name="payload" rows={10}>
            {form.payload}
          </textarea>
        </div>
        <div class="field">
          <label for="p-file">…or a payload file</label>
          <input id="p-file" name="file" type="file" />
        </div>
        <div class="field">
          <label for="p-type">Content type</label>
          <select id="p-type" name="contentType">
            {CONTENT_TYPES.map((type) => (
              <option value={type} selected={type === form.contentType}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="p-headers">Sender's headers (optional: `Name: value` lines or a JSON object)</label>
          <textarea id="p-headers" name="headers" rows={4}>
            {form.headers}
          </textarea>
        </div>
        <button type="submit">Preview</button>
      </form>
      {props.problem && <Notice kind="bad">{props.problem}</Notice>}
      {props.result && <PreviewResult preview={props.result} />}
    </Page>
  );
}

function PreviewResult({ preview }: { preview: HookPreview }) {
  const kind = preview.verdict === "accept" ? "ok" : preview.verdict === "reject" ? "bad" : "warn";
  return (
    <section aria-labelledby="result" aria-live="polite">
      <h2 id="result">Result</h2>
      <Notice kind={kind}>
        <strong>{VERDICT_TEXT[preview.verdict]}</strong> <span class="muted">[{preview.admission}]</span>
      </Notice>
      <dl class="facts">
        <dt>authentication</dt>
        <dd>{describeAuth(preview.auth)}</dd>
        {preview.error && (
          <>
            <dt>answer</dt>
            <dd>{`HTTP ${preview.error.status} ${preview.error.code}: ${preview.error.message}`}</dd>
          </>
        )}
        {preview.reason && (
          <>
            <dt>note</dt>
            <dd>{preview.reason}</dd>
          </>
        )}
        {preview.event && (
          <>
            <dt>dedup key</dt>
            <dd>
              <code>{preview.event.dedupKey}</code> ({preview.event.dedupKeySource})
            </dd>
            <dt>event id</dt>
            <dd>
              <code>{preview.eventId}</code>
            </dd>
          </>
        )}
        {preview.resolution && (
          <>
            <dt>resolves to</dt>
            <dd>
              <ul>
                {describeResolution(preview.resolution).map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {preview.event && (
        <>
          <h2>Command</h2>
          <Json value={preview.event.command} />
        </>
      )}
      {preview.parsed !== undefined && (
        <>
          <h2>Parsed payload</h2>
          <Json value={preview.parsed} />
        </>
      )}
    </section>
  );
}
