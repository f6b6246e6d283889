/**
 * Google Forms → SalesMania hooks. Paste into the form's Apps Script editor (Form → ⋮ → Script editor),
 * set the two script properties, then run `install` once and accept the permissions.
 *
 * Script properties (Project settings → Script properties):
 *   HOOK_URL  https://<your api>/hooks/google-forms-visits
 *   API_KEY   the hook's secret (the value of its secret reference)
 *
 * Each submission is posted once as JSON with `Idempotency-Key: <responseId>`. If the post fails (network
 * error, 429 or 5xx), the response id is queued in the script properties and `retryQueued` (every 10
 * minutes) posts it again; the same key makes a repeat harmless. 4xx answers other than 429 are not
 * retried: they say what to fix (see the execution log).
 */

const QUEUE_PREFIX = "queued:";

/** Posts one response; true when it needs no retry. */
const deliver = (response) => {
  const props = PropertiesService.getScriptProperties();
  const answers = {};
  for (const item of response.getItemResponses()) answers[item.getItem().getTitle()] = item.getResponse();
  const payload = {
    responseId: response.getId(),
    formId: FormApp.getActiveForm().getId(),
    timestamp: response.getTimestamp().toISOString(),
    respondentEmail: response.getRespondentEmail() || undefined,
    answers,
  };
  let status = 0;
  try {
    const answer = UrlFetchApp.fetch(props.getProperty("HOOK_URL"), {
      method: "post",
      contentType: "application/json",
      payload: JSON.stringify(payload),
      headers: { "X-Api-Key": props.getProperty("API_KEY"), "Idempotency-Key": payload.responseId },
      muteHttpExceptions: true,
    });
    status = answer.getResponseCode();
    if (status >= 400) console.warn(`hook answered ${status}: ${answer.getContentText()}`);
  } catch (err) {
    console.warn(`hook unreachable: ${err}`);
  }
  const retry = status === 0 || status === 429 || status >= 500;
  if (retry) props.setProperty(`${QUEUE_PREFIX}${payload.responseId}`, String(Date.now()));
  return !retry;
};

// biome-ignore lint/correctness/noUnusedVariables: Apps Script runs it from the editor by name.
function install() {
  const form = FormApp.getActiveForm();
  for (const trigger of ScriptApp.getProjectTriggers()) ScriptApp.deleteTrigger(trigger);
  ScriptApp.newTrigger("onSubmit").forForm(form).onFormSubmit().create();
  ScriptApp.newTrigger("retryQueued").timeBased().everyMinutes(10).create();
}

// biome-ignore lint/correctness/noUnusedVariables: the form-submit trigger calls it by name.
function onSubmit(e) {
  deliver(e.response);
}

// biome-ignore lint/correctness/noUnusedVariables: the time-based trigger calls it by name.
function retryQueued() {
  const props = PropertiesService.getScriptProperties();
  const form = FormApp.getActiveForm();
  for (const key of Object.keys(props.getProperties())) {
    if (!key.startsWith(QUEUE_PREFIX)) continue;
    if (deliver(form.getResponse(key.slice(QUEUE_PREFIX.length)))) props.deleteProperty(key);
  }
}
