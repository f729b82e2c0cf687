/**
 * Fields of the small forms a listing's page repeats for each application
 * and booking: the same DKFDS markup as components/form.tsx, but with an id
 * of their own, so that many forms on one page never share an id while they
 * share a field name.
 */
import type { Child } from "hono/jsx";
import type { Messages } from "../i18n";

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value?: string;
  error?: string;
  t: Messages;
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

function Frame({ id, label, hint, error, t, children }: FieldProps & { children: Child }) {
  return (
    <div class={error ? "form-group form-error" : "form-group"}>
      <label class="form-label" for={id}>
        {label}
      </label>
      {hint ? (
        <span class="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="form-error-message" id={`${id}-error`}>
          <span class="sr-only">{t.errors.prefix} </span>
          {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}

/** A short whole number (hours). */
export function StaffNumberField(props: FieldProps) {
  return (
    <Frame {...props}>
      <input
        class="form-input input-width-xs"
        type="text"
        inputmode="numeric"
        id={props.id}
        name={props.name}
        value={props.value ?? ""}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        aria-invalid={props.error ? "true" : undefined}
      />
    </Frame>
  );
}

/** A reason in a few words. */
export function StaffReasonField(props: FieldProps) {
  return (
    <Frame {...props}>
      <textarea
        class="form-input"
        rows={3}
        maxlength={1000}
        id={props.id}
        name={props.name}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        aria-invalid={props.error ? "true" : undefined}
      >
        {props.value ?? ""}
      </textarea>
    </Frame>
  );
}
