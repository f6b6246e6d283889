// The invitee's phone on a booking, when the booking form asks for one: SalesMania stores no e-mail, so a
// booking matches an existing SalesMania customer by phone (or a mapped code), never by e-mail alone.

/** Words that make a booking question a phone question (English and Indonesian), compared whole. */
const PHONE_WORDS = new Set([
  "phone",
  "telephone",
  "mobile",
  "whatsapp",
  "wa",
  "telepon",
  "telp",
  "tlp",
  "hp",
  "handphone",
  "ponsel",
]);

/** True when a question's label or name has a phone word in it: "Nomor HP", "WhatsApp number", "phone_1". */
export function isPhoneQuestion(label: string): boolean {
  return label
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((word) => PHONE_WORDS.has(word));
}

/** The first non-empty text answer among `answers` (label → answer) to a phone question. */
export function phoneAnswer(answers: readonly [label: string, answer: unknown][]): string | undefined {
  for (const [label, answer] of answers)
    if (typeof answer === "string" && answer.trim() !== "" && isPhoneQuestion(label)) return answer;
  return undefined;
}
