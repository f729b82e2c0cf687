/**
 * DKFDS form parts: a field with its label, hint and error message tied
 * together (aria-describedby, aria-invalid), and the error summary that
 * opens a form sent with errors, linking to each field.
 */
import type { Child } from "hono/jsx";
import type { FieldErrors } from "../forms";
import { inputId } from "../forms";
import type { Messages } from "../i18n";

interface FieldBase {
  /** The field's path in the schema (`address.postalCode`), also its form name. */
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  t: Messages;
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <span class="form-hint" id={`${id}-hint`}>
      {hint}
    </span>
  ) : null;
}

function ErrorMessage({ id, error, t }: { id: string; error?: string; t: Messages }) {
  return error ? (
    <span class="form-error-message" id={`${id}-error`}>
      <span class="sr-only">{t.errors.prefix} </span>
      {error}
    </span>
  ) : null;
}

function Group({ error, children }: { error?: string; children: Child }) {
  return <div class={error ? "form-group form-error" : "form-group"}>{children}</div>;
}

export interface TextFieldProps extends FieldBase {
  value?: string;
  type?: "text" | "number" | "date" | "email" | "tel";
  inputmode?: "numeric" | "decimal" | "text";
  autocomplete?: string;
  required?: boolean;
  /** DKFDS width classes: input-width-xs … input-width-xl. */
  width?: "xs" | "s" | "m" | "l" | "xl";
  min?: string;
  max?: string;
}

export function TextField(props: TextFieldProps) {
  const id = inputId(props.name);
  const error = props.errors?.[props.name];
  return (
    <Group error={error}>
      <label class="form-label" for={id}>
        {props.label}
        {props.required === false ? ` ${props.t.optional}` : ""}
      </label>
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={error} t={props.t} />
      <input
        class={`form-input${props.width ? ` input-width-${props.width}` : ""}`}
        type={props.type ?? "text"}
        id={id}
        name={props.name}
        value={props.value ?? ""}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        data-required={props.required ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? "true" : undefined}
      />
    </Group>
  );
}

export interface TextAreaProps extends FieldBase {
  value?: string;
  rows?: number;
  required?: boolean;
  maxlength?: number;
}

export function TextArea(props: TextAreaProps) {
  const id = inputId(props.name);
  const error = props.errors?.[props.name];
  return (
    <Group error={error}>
      <label class="form-label" for={id}>
        {props.label}
        {props.required === false ? ` ${props.t.optional}` : ""}
      </label>
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={error} t={props.t} />
      <textarea
        class="form-input"
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        maxlength={props.maxlength}
        data-required={props.required ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? "true" : undefined}
      >
        {props.value ?? ""}
      </textarea>
    </Group>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface SelectProps extends FieldBase {
  options: Option[];
  value?: string;
  /** The first, empty choice ("Vælg kommune"); none when the field always has a value. */
  placeholder?: string;
}

export function Select(props: SelectProps) {
  const id = inputId(props.name);
  const error = props.errors?.[props.name];
  return (
    <Group error={error}>
      <label class="form-label" for={id}>
        {props.label}
      </label>
      <Hint id={id} hint={props.hint} />
      <ErrorMessage id={id} error={error} t={props.t} />
      <select
        class="form-select"
        id={id}
        name={props.name}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? "true" : undefined}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Group>
  );
}

export interface ChoicesProps extends FieldBase {
  options: Option[];
  /** The values chosen. */
  values?: string[];
  kind: "checkbox" | "radio";
}

/** A fieldset of checkboxes or radio buttons with one legend, hint and error. */
export function Choices(props: ChoicesProps) {
  const id = inputId(props.name);
  const error = props.errors?.[props.name];
  const chosen = new Set(props.values ?? []);
  return (
    <Group error={error}>
      <fieldset aria-describedby={describedBy(id, props.hint, error)} id={id}>
        <legend class="form-label">{props.label}</legend>
        <Hint id={id} hint={props.hint} />
        <ErrorMessage id={id} error={error} t={props.t} />
        {props.options.map((option, index) => {
          const optionId = `${id}-${index}`;
          return (
            <div class={props.kind === "radio" ? "form-group-radio" : "form-group-checkbox"}>
              <input
                type={props.kind}
                id={optionId}
                name={props.name}
                class={props.kind === "radio" ? "form-radio" : "form-checkbox"}
                value={option.value}
                checked={chosen.has(option.value)}
              />
              <label class="form-label" for={optionId}>
                {option.label}
              </label>
            </div>
          );
        })}
      </fieldset>
    </Group>
  );
}

/** One checkbox with its own label ("Møbleret"). */
export function Checkbox(props: { name: string; label: string; checked?: boolean; hint?: string }) {
  const id = inputId(props.name);
  return (
    <div class="form-group-checkbox">
      <input
        type="checkbox"
        id={id}
        name={props.name}
        class="form-checkbox"
        value="true"
        checked={props.checked}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      <label class="form-label" for={id}>
        {props.label}
      </label>
      {props.hint ? (
        <span class="form-hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The error summary at the top of a form sent with errors: focused by the
 * page script, announced as an alert, each message a link to its field.
 * `order` lists the form's field paths top to bottom.
 */
export function ErrorSummary({ errors, order, t }: { errors?: FieldErrors; order?: string[]; t: Messages }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  const paths = Object.keys(errors).sort((a, b) => rank(order, a) - rank(order, b));
  return (
    <nav aria-labelledby="error-summary-heading">
      <div class="alert alert-error mt-0 mb-8" role="alert" data-module="error-summary" tabindex={-1}>
        <div class="alert-body">
          <h2 class="alert-heading" id="error-summary-heading">
            {t.errors.summaryHeading}
          </h2>
          <ul class="alert-text nobullet-list">
            {paths.map((path) => (
              <li>
                <a class="function-link" href={`#${inputId(path)}`}>
                  {errors[path]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </nav>
  );
}

function rank(order: string[] | undefined, path: string): number {
  const index = order?.indexOf(path) ?? -1;
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}

/** The per-session token every state-changing form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * A form that changes something: POST, the session's token, and an optional
 * confirm question the page script asks before sending (without JavaScript
 * the form is sent at once; the page it leads to says what happened).
 */
export function ActionForm(props: { action: string; csrf: string; confirm?: string; children: Child; class?: string }) {
  return (
    <form method="post" action={props.action} data-confirm={props.confirm} class={props.class}>
      <CsrfField token={props.csrf} />
      {props.children}
    </form>
  );
}
