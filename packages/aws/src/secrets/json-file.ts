// The local secrets files' one way of being read: a missing file is no data, and a file that is not JSON is
// a SecretsFileError without V8's parse message (it quotes the text around the fault, which may be a secret).
import { readFile } from "node:fs/promises";
import { SecretsFileError } from "../errors.ts";

/** The file's JSON, or undefined when there is no file. */
export async function readSecretsJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SecretsFileError(file, "but it is not valid JSON");
  }
}
