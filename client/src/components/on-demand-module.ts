import { useEffect, useState } from 'react';

/**
 * A chunk loaded on demand and shown without suspending: a screen that suspends is revealed
 * no sooner than ~300 ms after its fallback showed (React's Suspense throttle), and a class or
 * a teacher joining a call waited for that (bench:join). Once loaded, it renders at once.
 */
export class OnDemandModule<M> {
  private module: M | undefined;
  private loading: Promise<M> | undefined;

  constructor(private readonly importer: () => Promise<M>) {}

  /** Starts loading (once); resolves to the module. */
  load(): Promise<M> {
    this.loading ??= this.importer().then(
      (m) => (this.module = m),
      (err: unknown) => {
        // A failed fetch may be retried by the next load (e.g. after the network came back).
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  get loaded(): M | undefined {
    return this.module;
  }
}

/**
 * The module once `wanted` holds and it is loaded (null until then). A load that failed is
 * thrown to the nearest error boundary (ScreenLoadBoundary), as a lazy screen's would be.
 */
export function useOnDemandModule<M>(chunk: OnDemandModule<M>, wanted = true): M | null {
  const [module, setModule] = useState<M | undefined>(chunk.loaded);
  const [failed, setFailed] = useState<Error | null>(null);
  useEffect(() => {
    if (!wanted || module) return;
    let shown = true;
    chunk.load().then(
      (m) => shown && setModule(() => m),
      (err: unknown) => shown && setFailed(err instanceof Error ? err : new Error(String(err))),
    );
    return () => void (shown = false);
  }, [chunk, wanted, module]);
  if (failed) throw failed;
  return wanted ? (module ?? chunk.loaded ?? null) : null;
}
