// A one-line progress bar on stderr for bulk replays; drawn only on a terminal so pipes and logs stay clean.
const WIDTH = 30;

export function progressBar(
  write: (text: string) => void,
  isTTY: boolean,
): (done: number, total: number) => void {
  if (!isTTY) return () => {};
  return (done, total) => {
    if (total === 0) return;
    const filled = Math.round((done / total) * WIDTH);
    write(`\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`);
    if (done === total) write("\n");
  };
}
