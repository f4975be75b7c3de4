const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line spinner on a terminal; does nothing when output is not a terminal. */
export function startSpinner(
  out: { write(text: string): unknown; isTTY?: boolean },
  label: string,
): () => void {
  if (!out.isTTY) return () => {};
  let frame = 0;
  const draw = () => out.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`);
  draw();
  const timer = setInterval(draw, 80);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    out.write(`\r${' '.repeat(label.length + 2)}\r`);
  };
}
