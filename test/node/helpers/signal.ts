/** A moment a test waits for: `reached` settles once `reach()` is called (calling it again is harmless). */
export function signal(): { reached: Promise<void>; reach: () => void } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return { reached, reach };
}
