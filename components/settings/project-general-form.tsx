"use client";

import { NumberInput, TextInput } from "@tremor/react";
import { updateProjectAction } from "@/lib/actions/dashboard";
import { Field } from "@/components/ui/field";
import { fieldError, submitted } from "@/components/ui/form-message";
import { SimpleForm } from "./simple-form";

export function ProjectGeneralForm({ orgSlug, projectSlug, name, retentionDays }: { orgSlug: string; projectSlug: string; name: string; retentionDays: number }) {
  return (
    <SimpleForm action={updateProjectAction.bind(null, orgSlug, projectSlug)} submitLabel="Save">
      {(state) => (
        <>
          <Field id="project-name" label="Project name" error={fieldError(state, "name")}>
            <TextInput id="project-name" name="name" defaultValue={submitted(state, "name", name)} error={!!fieldError(state, "name")} />
          </Field>
          <Field
            id="retention"
            label="Retention (days)"
            error={fieldError(state, "retentionDays")}
            hint="Raw events older than this are deleted daily; hourly rollups are kept longer. 1–400 days."
          >
            <NumberInput id="retention" name="retentionDays" defaultValue={submitted(state, "retentionDays", String(retentionDays))} min={1} max={400} step={1} enableStepper={false} error={!!fieldError(state, "retentionDays")} />
          </Field>
        </>
      )}
    </SimpleForm>
  );
}
