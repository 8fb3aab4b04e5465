/**
 * The app shell offline (issue 21): registers the service worker (public/sw.js, which the build
 * rewrites with this build's files and version). A new build's worker installs beside the old one
 * and waits; the counter tells it to take over only at an idle moment (no sale in progress, no
 * dialog open), and the page then reloads into the new build.
 */

let waiting: ServiceWorker | null = null;
let idleWanted = false;

function offer(): void {
  if (waiting !== null && idleWanted) waiting.postMessage({ type: 'take-over' });
}

/** Called by the counter whenever it is idle; hands over to a waiting new build if there is one. */
export function takeOverWhenIdle(): void {
  idleWanted = true;
  offer();
  idleWanted = false;
}

function watch(registration: ServiceWorkerRegistration): void {
  const track = (worker: ServiceWorker | null) => {
    if (worker === null) return;
    const settle = () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller !== null) waiting = worker;
    };
    worker.addEventListener('statechange', settle);
    settle();
  };
  track(registration.waiting);
  registration.addEventListener('updatefound', () => track(registration.installing));
}

/** Registers the worker once the page has loaded (production builds only). */
export function registerAppShell(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install takes the page over silently; a new build reloads into its code.
    if (hadController) window.location.reload();
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then(watch)
      .catch(() => undefined);
  });
}
