/** A scheduled function started without a job to run: a wiring mistake in infra/cron.ts. */
export class MissingJobIdError extends Error {
  override name = "MissingJobIdError";
  constructor() {
    super("no job id: expected the event's jobId or the SMX_JOB_ID environment variable");
  }
}
