/** @jsxImportSource hono/jsx */
// Overview: how many events are in each status, and the backlog that waits for a person — `dead` and
// `unknown_outcome` — with the age of its oldest event and a small chart of its ages.
import { EVENT_STATUSES, type EventRecord } from "@smx/core";
import { type ConsoleContext, type ConsoleDeps, sendPage, userOf } from "../env.ts";
import { age, Page, StatusBadge } from "../layout.tsx";
import { AGE_BANDS, ageBands, showCount, statusTotals } from "../stats.ts";

export async function overviewPage(c: ConsoleContext, deps: ConsoleDeps) {
  const now = deps.clock.now();
  const { totals, dead, unknown } = await statusTotals(deps.runtime.ledger);
  return sendPage(
    c,
    <Page title="Overview" section="overview" user={userOf(c)}>
      <h2>Events by status</h2>
      <div class="cards">
        {EVENT_STATUSES.map((status) => (
          <a class="card" href={`/console/events?status=${status}`}>
            <b>{showCount(totals[status])}</b>
            <StatusBadge status={status} />
          </a>
        ))}
      </div>
      <h2>Waiting for a person</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">status</th>
              <th scope="col">events</th>
              <th scope="col">oldest waits</th>
              <th scope="col">what to do</th>
            </tr>
          </thead>
          <tbody>
            <BacklogRow
              status="dead"
              records={dead}
              now={now}
              todo="fix the cause (data, mapping), then replay"
            />
            <BacklogRow
              status="unknown_outcome"
              records={unknown}
              now={now}
              todo="check SalesMania, then resolve (existing / not created)"
            />
          </tbody>
        </table>
      </div>
      <BacklogChart dead={ageBands(dead, now)} unknown={ageBands(unknown, now)} />
    </Page>,
  );
}

function BacklogRow(props: { status: string; records: EventRecord[]; now: number; todo: string }) {
  const oldest = props.records[0];
  return (
    <tr>
      <td>
        <a href={`/console/events?status=${props.status}`}>
          <StatusBadge status={props.status} />
        </a>
      </td>
      <td>{props.records.length}</td>
      <td>{oldest ? age(oldest.updatedAt, props.now) : "—"}</td>
      <td>{props.todo}</td>
    </tr>
  );
}

const BAR_W = 18;
const GROUP_W = 70;
const CHART_H = 120;

/** Grouped bars per age band; presentation attributes only (the CSP allows no inline style). */
function BacklogChart({ dead, unknown }: { dead: number[]; unknown: number[] }) {
  const max = Math.max(1, ...dead, ...unknown);
  const height = (n: number) => Math.round((n / max) * (CHART_H - 30));
  const summary = AGE_BANDS.map(
    (band, i) => `${band.label}: ${dead[i]} dead, ${unknown[i]} unknown_outcome`,
  ).join("; ");
  return (
    <figure>
      <svg
        class="chart"
        role="img"
        aria-label={`Backlog by age. ${summary}`}
        viewBox={`0 0 ${GROUP_W * AGE_BANDS.length + 150} ${CHART_H + 20}`}
        width="480"
      >
        {AGE_BANDS.map((band, i) => {
          const x = 10 + i * GROUP_W;
          return (
            <g>
              <rect
                x={x}
                y={CHART_H - height(dead[i]!)}
                width={BAR_W}
                height={height(dead[i]!)}
                fill="#b42318"
              />
              <rect
                x={x + BAR_W + 2}
                y={CHART_H - height(unknown[i]!)}
                width={BAR_W}
                height={height(unknown[i]!)}
                fill="#bf8700"
              />
              <text
                x={x}
                y={CHART_H - height(Math.max(dead[i]!, unknown[i]!)) - 4}
              >{`${dead[i]}/${unknown[i]}`}</text>
              <text x={x} y={CHART_H + 14}>
                {band.label}
              </text>
            </g>
          );
        })}
        <rect x={GROUP_W * AGE_BANDS.length + 20} y={20} width={10} height={10} fill="#b42318" />
        <text x={GROUP_W * AGE_BANDS.length + 34} y={29}>
          dead
        </text>
        <rect x={GROUP_W * AGE_BANDS.length + 20} y={40} width={10} height={10} fill="#bf8700" />
        <text x={GROUP_W * AGE_BANDS.length + 34} y={49}>
          unknown_outcome
        </text>
      </svg>
      <figcaption class="muted">Backlog by age since the last change (dead / unknown_outcome).</figcaption>
    </figure>
  );
}
