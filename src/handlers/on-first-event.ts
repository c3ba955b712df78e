/** Builds a function's handler once per container (on the first event), and again after a failed build. */
export function onFirstEvent<H extends (...args: never[]) => Promise<unknown>>(build: () => Promise<H>): H {
  let ready: Promise<H> | undefined;
  return (async (...args: Parameters<H>) => {
    ready ??= build().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    return (await ready)(...args);
  }) as H;
}
