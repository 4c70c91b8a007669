import { expect, PASSWORD, shot, signUp, test, uniqueEmail } from "./support";

test("the 11th wrong password for one e-mail within a minute is refused, even from a new IP", async ({ page, playwright, baseURL, newContext }) => {
  const email = uniqueEmail("target");
  await signUp(page, email, "Tess Target");
  await expect(page).toHaveURL(/\/orgs\/new$/);

  // Every attempt comes from a different address, so only the per-e-mail budget can stop them.
  async function attempt(ip: string, password: string): Promise<string> {
    const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": ip } });
    const { csrfToken } = await (await client.get("/api/auth/csrf")).json();
    const res = await client.post("/api/auth/callback/credentials", {
      form: { email, password, csrfToken },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(302);
    const location = res.headers()["location"];
    await client.dispose();
    return location;
  }

  for (let i = 1; i <= 10; i++) {
    expect(await attempt(`192.0.2.${i}`, `wrong-${i}`)).toMatch(/error=CredentialsSignin&code=credentials/);
  }
  expect(await attempt("192.0.2.200", "wrong-11")).toMatch(/code=throttled/);
  // Even the right password waits out the minute…
  expect(await attempt("192.0.2.201", PASSWORD)).toMatch(/code=throttled/);

  // …and the sign-in form says so.
  const fresh = await newContext({ extraHTTPHeaders: { "x-forwarded-for": "192.0.2.202" } });
  const form = await fresh.newPage();
  await form.goto("/sign-in");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert").filter({ hasText: /Too many sign-in attempts/ })).toBeVisible();
  await shot(form, "13-sign-in-throttled");
  await fresh.close();
});

test("a wrong password is answered inline; the right one signs in", async ({ page, newContext }) => {
  const email = uniqueEmail("person");
  await signUp(page, email);
  await expect(page).toHaveURL(/\/orgs\/new$/);
  const other = await newContext({ extraHTTPHeaders: { "x-forwarded-for": "192.0.2.99" } });
  const form = await other.newPage();
  await form.goto("/sign-in");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByText("Enter a valid e-mail address")).toBeVisible();
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password", { exact: true }).fill("not my password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "Wrong e-mail or password." })).toBeVisible();
  await shot(form, "14-sign-in-wrong-password");
  await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form).toHaveURL(/\/orgs\/new$/);
  await other.close();
});
