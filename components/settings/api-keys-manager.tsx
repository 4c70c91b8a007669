"use client";

import { Badge, Button, Card, Select, SelectItem, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TextInput } from "@tremor/react";
import { ScrollTable } from "@/components/ui/scroll-table";
import { useState, type FormEvent } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import type { PaletteColor } from "@/components/ui/palette";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ("ingest" | "read")[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

interface Problem {
  detail?: string;
  errors?: { pointer: string; message: string }[];
}

const EXPIRY_CHOICES = [
  { value: "never", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
];

function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") : "—";
}

function status(key: ApiKeyRow): { label: string; color: PaletteColor } {
  if (key.revokedAt) return { label: "revoked", color: "gray" };
  if (key.expiresAt && new Date(key.expiresAt) <= new Date()) return { label: "expired", color: "amber" };
  return { label: "active", color: "emerald" };
}

/** Lists, creates and revokes a project's keys through the public API (session auth). */
export function ApiKeysManager({ projectId, canManage, initialKeys }: { projectId: string; canManage: boolean; initialKeys: ApiKeyRow[] }) {
  const endpoint = `/api/v1/projects/${projectId}/api-keys`;
  const [keys, setKeys] = useState(initialKeys);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Set<"ingest" | "read">>(new Set(["ingest"]));
  const [expiry, setExpiry] = useState("never");
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  async function refresh() {
    const res = await fetch(endpoint, { cache: "no-store" });
    if (res.ok) setKeys((await res.json()).data);
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const expiresAt = expiry === "never" ? null : new Date(Date.now() + Number(expiry) * 86_400_000).toISOString();
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name, scopes: [...scopes], expiresAt }),
      });
      const body = await res.json();
      if (!res.ok) {
        const problem = body as Problem;
        const fieldErrors: Record<string, string> = {};
        for (const e of problem.errors ?? []) fieldErrors[e.pointer.split("/")[1] ?? "form"] ??= e.message;
        setErrors(fieldErrors);
        if (!problem.errors?.length) setFormError(problem.detail ?? "Could not create the key.");
        return;
      }
      setCreated({ key: body.key, name: body.name });
      setName("");
      await refresh();
    } catch {
      setFormError("Network error: the key was not created. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  async function revoke(id: string) {
    setConfirming(null);
    const res = await fetch(`${endpoint}/${id}`, { method: "DELETE" });
    if (!res.ok) setFormError(((await res.json()) as Problem).detail ?? "Could not revoke the key.");
    await refresh();
  }

  function toggleScope(scope: "ingest" | "read") {
    const next = new Set(scopes);
    if (next.has(scope)) next.delete(scope);
    else next.add(scope);
    setScopes(next);
  }

  return (
    <div className="space-y-6">
      {created ? (
        <Card className="ring-emerald-300 dark:ring-emerald-800" role="status" data-testid="new-key">
          <h2 className="font-semibold">Copy your new key “{created.name}” now</h2>
          <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            This is the only time the full key is shown. Vigil stores only a hash of it; if you lose it, revoke it and create another.
          </p>
          <div className="mt-3 flex items-center gap-2">
            <code data-testid="new-key-value" className="flex-1 break-all rounded bg-tremor-background-subtle px-2 py-1.5 text-sm dark:bg-dark-tremor-background-subtle">
              {created.key}
            </code>
            <CopyButton text={created.key} />
          </div>
          <Button className="mt-3" size="xs" variant="light" onClick={() => setCreated(null)}>
            I have saved it
          </Button>
        </Card>
      ) : null}

      {canManage ? (
        <Card>
          <h2 className="mb-3 font-semibold">Create an API key</h2>
          <form onSubmit={create} className="space-y-4" noValidate>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="key-name" label="Name" error={errors.name} hint="Where it will be used, e.g. “production server”.">
                <TextInput id="key-name" value={name} onValueChange={setName} placeholder="production server" error={!!errors.name} />
              </Field>
              <Field id="key-expiry" label="Expires" error={errors.expiresAt}>
                <Select id="key-expiry" value={expiry} onValueChange={setExpiry} enableClear={false}>
                  {EXPIRY_CHOICES.map((c) => (
                    <SelectItem key={c.value} value={c.value}>
                      {c.label}
                    </SelectItem>
                  ))}
                </Select>
              </Field>
            </div>
            <fieldset>
              <legend className="text-tremor-default font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">Scopes</legend>
              <div className="mt-1 flex flex-wrap gap-6 text-tremor-default">
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={scopes.has("ingest")} onChange={() => toggleScope("ingest")} /> ingest — send telemetry
                </label>
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={scopes.has("read")} onChange={() => toggleScope("read")} /> read — call the read API
                </label>
              </div>
              {errors.scopes ? <p role="alert" className="mt-1 text-tremor-label text-red-600 dark:text-red-400">{errors.scopes}</p> : null}
            </fieldset>
            {formError ? <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">{formError}</p> : null}
            <Button type="submit" loading={pending} loadingText="Creating…">
              Create key
            </Button>
          </form>
        </Card>
      ) : (
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content" data-testid="keys-read-only">
          Only admins and owners can create or revoke API keys.
        </p>
      )}

      <Card>
        <h2 className="mb-3 font-semibold">Keys</h2>
        {keys.length === 0 ? (
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            No API keys yet. {canManage ? "Create one above to start sending telemetry." : "Ask an admin to create one."}
          </p>
        ) : (
          <ScrollTable label="API keys">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Key</TableHeaderCell>
                <TableHeaderCell>Scopes</TableHeaderCell>
                <TableHeaderCell>Created</TableHeaderCell>
                <TableHeaderCell>Last used</TableHeaderCell>
                <TableHeaderCell>Expires</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                {canManage ? <TableHeaderCell className="text-right">Actions</TableHeaderCell> : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {keys.map((key) => {
                const s = status(key);
                return (
                  <TableRow key={key.id} data-testid={`key-row-${key.prefix}`}>
                    <TableCell className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{key.name}</TableCell>
                    <TableCell><code>{key.prefix}…</code></TableCell>
                    <TableCell className="space-x-1">{key.scopes.map((sc) => <Badge key={sc}>{sc}</Badge>)}</TableCell>
                    <TableCell>{formatTime(key.createdAt)}</TableCell>
                    <TableCell>{formatTime(key.lastUsedAt)}</TableCell>
                    <TableCell>{key.expiresAt ? formatTime(key.expiresAt) : "never"}</TableCell>
                    <TableCell><Badge color={s.color}>{s.label}</Badge></TableCell>
                    {canManage ? (
                      <TableCell className="text-right">
                        {key.revokedAt ? null : confirming === key.id ? (
                          <span className="inline-flex gap-2">
                            <Button size="xs" color="red" onClick={() => revoke(key.id)}>Confirm revoke</Button>
                            <Button size="xs" variant="light" onClick={() => setConfirming(null)}>Cancel</Button>
                          </span>
                        ) : (
                          <Button size="xs" variant="light" color="red" onClick={() => setConfirming(key.id)}>Revoke</Button>
                        )}
                      </TableCell>
                    ) : null}
                  </TableRow>
                );
              })}
            </TableBody>
          </ScrollTable>
        )}
      </Card>
    </div>
  );
}
