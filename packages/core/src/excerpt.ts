// Short quotations of input for messages: an error names what arrived without echoing all of it, so no
// answer, log line or ledger record grows with what a sender chose to send.
import type * as v from "valibot";

export const EXCERPT_CHARS = 60;

/** `text` when short, else its start and its length. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A valibot issue's message with the input it quotes shortened. */
export function issueMessage(issue: v.BaseIssue<unknown>, max = EXCERPT_CHARS): string {
  const { message, received } = issue;
  const shown = received.length > max ? message.replace(received, excerpt(received, max)) : message;
  return excerpt(shown, 4 * max);
}
