/**
 * Steps browser journeys share: calling the API as the signed-in page (its cookie, our origin
 * and the CSRF token; a failure fails the test with the server's answer), and giving the password
 * again when the app asks for it (step-up) before an expected result shows.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export type ApiCall = (
  method: string,
  path: string,
  data?: unknown,
  headers?: Record<string, string>,
) => Promise<Record<string, unknown>>;

/** Calls `/api/v1<path>` as the page's session; answers the JSON body ({} for 204). */
export function apiAs(page: Page, origin: string, csrfToken: string): ApiCall {
  return async (method, path, data, headers = {}) => {
    const response = await page.request.fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { origin, 'x-csrf-token': csrfToken, ...headers },
      ...(data === undefined ? {} : { data }),
    });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.status() === 204 ? {} : ((await response.json()) as Record<string, unknown>);
  };
}

/** Gives the password again when the app asks for it (English or Hindi), then waits for `done`. */
export async function confirmIfAsked(page: Page, password: string, done: Locator): Promise<void> {
  const stepUp = page.getByRole('dialog', { name: /Confirm it is you|पुष्टि/ });
  await stepUp.or(done).first().waitFor();
  if (await stepUp.isVisible()) {
    await stepUp.getByLabel(/Password|पासवर्ड/).fill(password);
    await stepUp.getByRole('button', { name: /^(Confirm|पुष्टि करें)$/ }).click();
  }
  await done.waitFor();
}
