// The console's only asset: its stylesheet, served from /console/assets under a content hash (cached for a
// year, never stale), so the CSP allows styles from 'self' and nothing inline. No script is served: every
// page works with plain links and forms (docs/console.md says why).
import { createHash } from "node:crypto";

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--accent:#0b5cad;--bad:#b42318;--warn:#9a6700;--ok:#1a7f37;--soft:#f6f8fa;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
header{display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px;padding:8px 16px;border-bottom:1px solid var(--line);background:var(--soft)}
header strong{margin-right:8px}nav{display:flex;flex-wrap:wrap;gap:4px 14px;flex:1}nav a[aria-current=page]{font-weight:700;text-decoration:none;color:var(--fg)}
main{padding:16px;max-width:1100px;margin:0 auto}h1{font-size:1.4rem;margin:.2em 0 .6em}h2{font-size:1.1rem;margin:1.2em 0 .4em}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}.scroll{overflow-x:auto}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}pre{background:var(--soft);padding:10px;overflow-x:auto;white-space:pre-wrap;word-break:break-word;border-radius:4px}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.8rem;font-weight:600;background:#eaeef2;white-space:nowrap}
.s-delivered{background:#dafbe1;color:var(--ok)}.s-dead,.s-rejected{background:#ffebe9;color:var(--bad)}.s-unknown_outcome,.s-retry{background:#fff8c5;color:var(--warn)}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px 12px;align-items:end;margin-bottom:12px}
label{display:block;font-size:.85rem;font-weight:600;margin-bottom:2px}input,select,textarea{width:100%;font:inherit;padding:6px;border:1px solid #8c959f;border-radius:4px;background:#fff}
textarea{min-height:8em;font-family:ui-monospace,Menlo,monospace;font-size:.85rem}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:7px 14px;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none}
.button.secondary,button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--bad);border-color:var(--bad)}
header form button{padding:3px 10px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(165px,1fr));gap:10px}.card{border:1px solid var(--line);border-radius:6px;padding:10px}.card b{display:block;font-size:1.5rem}
.notice{border-left:4px solid var(--accent);background:var(--soft);padding:8px 12px;margin:10px 0}.notice.warn{border-color:var(--warn);background:#fff8c5}.notice.bad{border-color:var(--bad);background:#ffebe9}.notice.ok{border-color:var(--ok);background:#dafbe1}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.facts dt{font-weight:600;color:var(--muted)}dl.facts dd{margin:0;word-break:break-all}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.field{margin-bottom:10px}.muted{color:var(--muted)}
.login{max-width:380px;margin:8vh auto}
svg.chart{max-width:100%;height:auto}svg.chart text{font-size:11px;fill:var(--fg)}
@media (max-width:640px){main{padding:10px}th.wide,td.wide{display:none}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:6px}}
`;

export const STYLESHEET = CSS.trim();
export const STYLESHEET_HASH = createHash("sha256").update(STYLESHEET).digest("hex").slice(0, 12);
export const STYLESHEET_PATH = `/console/assets/console.${STYLESHEET_HASH}.css`;
