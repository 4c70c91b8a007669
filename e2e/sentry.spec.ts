import { createOrganization, createProject, expect, shot, signUp, test, uniqueEmail } from "./support";

/**
 * Settings → Sentry SDK: the DSN a team pastes into Sentry.init, an error sent with it
 * (as the SDK's transport sends it) showing up on the Errors page that was waiting for it,
 * and rotating the key: the new DSN is shown at once, the old one is refused.
 */

/** What a Sentry SDK's transport posts for one exception, to the DSN's envelope URL. */
function envelopeOf(message: string): string {
  const id = crypto.randomUUID().replaceAll("-", "");
  return [
    JSON.stringify({ event_id: id, sent_at: new Date().toISOString() }),
    JSON.stringify({ type: "event" }),
    JSON.stringify({ event_id: id, platform: "javascript", exception: { values: [{ type: "TypeError", value: message }] } }),
  ].join("\n");
}

/** The envelope URL and its query-string key, as @sentry/browser builds them from a DSN. */
function envelopeUrl(dsn: string): string {
  const url = new URL(dsn);
  return `/api${url.pathname}/envelope/?sentry_key=${url.username}&sentry_version=7`;
}

test("Settings → Sentry SDK shows the DSN; an error sent with it becomes an issue; a rotated key refuses the old DSN", async ({ page, baseURL }) => {
  await signUp(page, uniqueEmail("sentry"), "Sam Sentry");
  await createOrganization(page, "Sentry Co");
  const projectPath = await createProject(page, "Shop");

  await page.goto(`${projectPath}/settings/sentry`);
  await expect(page.getByRole("heading", { name: "DSN" })).toBeVisible();
  const dsn = (await page.getByTestId("sentry-dsn").textContent())!.trim();
  // http://<public key>@<this host>/<numeric project ref>, pointing at the host the browser used.
  expect(dsn).toMatch(new RegExp(`^http://[0-9a-f]{32}@${new URL(baseURL!).host}/\\d+$`));
  await expect(page.getByText(`dsn: "${dsn}"`).first()).toBeVisible();
  await shot(page, "90-settings-sentry");

  // The Errors page waits for the first event and turns into the issue list by itself.
  await page.goto(`${projectPath}/errors`);
  await expect(page.getByRole("status").filter({ hasText: "Waiting for the first event" })).toBeVisible();
  const message = `cart is undefined ${Date.now()}`;
  const sent = await page.request.post(envelopeUrl(dsn), { headers: { "content-type": "text/plain;charset=UTF-8" }, data: envelopeOf(message) });
  expect(sent.status()).toBe(200);
  await expect(page.getByTestId("issue-row").filter({ hasText: message })).toBeVisible({ timeout: 15_000 });

  await page.goto(`${projectPath}/settings/sentry`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Rotate key" }).click();
  await expect(page.getByTestId("sentry-dsn")).not.toHaveText(dsn);
  const rotated = (await page.getByTestId("sentry-dsn").textContent())!.trim();
  expect(new URL(rotated).pathname).toBe(new URL(dsn).pathname);

  const refused = await page.request.post(envelopeUrl(dsn), { data: envelopeOf("with the old key") });
  expect(refused.status()).toBe(401);
  const accepted = await page.request.post(envelopeUrl(rotated), { data: envelopeOf("with the new key") });
  expect(accepted.status()).toBe(200);
});
