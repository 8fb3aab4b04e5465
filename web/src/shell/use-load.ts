/** Loads data for a page, with a reload after changes; errors are kept for the page to show. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  reload: () => Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The loader is fixed per page (callers pass a module-level function), so it is kept as first given.
  const [loader] = useState(() => load);
  const reload = useCallback(async () => {
    try {
      setData(await loader());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [loader]);
  useEffect(() => {
    let live = true;
    loader().then(
      (value) => live && setData(value),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [loader]);
  return { data, error, reload };
}

/** Runs an action with busy/error/notice state for a form or a button. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<string | null | void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const done = await action();
      if (typeof done === 'string') setNotice(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, notice, run };
}

/**
 * Loads data that depends on something on screen (an id in the address, a filter): `key` names
 * what is wanted; a new key loads again and the old answer is never shown for it.
 */
export function useFetch<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: unknown }>({
    key: '',
    data: null,
    error: null,
  });
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  const reload = useCallback(async () => {
    try {
      setState({ key, data: await latest.current(), error: null });
    } catch (e) {
      setState((s) => ({ ...s, key, error: e }));
    }
  }, [key]);
  useEffect(() => {
    let live = true;
    latest.current().then(
      (data) => live && setState({ key, data, error: null }),
      (error: unknown) => live && setState({ key, data: null, error }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, reload };
}
