// The cold-start reference: a Hono app on `hono/aws-lambda` that answers the hook route and does nothing
// else. Spawn → first answer for it is what Node, the bundle format and Hono alone cost.
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const app = new Hono();
app.post("/hooks/:hookId", (c) => c.json({ status: "accepted" }, 201));

export const handler = handle(app);
