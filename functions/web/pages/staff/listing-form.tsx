/**
 * The listing form (new and edit): every field of a listing, read into the
 * JSON the API takes, validated with the API's schemas, and shown again with
 * the user's input and one message per field when something is wrong.
 */
import type { z } from "zod";
import { LISTING_KINDS, type ListingView, listingPatchSchema, newListingSchema } from "#domain/listings/model";
import { municipalities } from "#domain/municipalities/index";
import { Checkbox, Choices, ErrorSummary, Select, TextArea, TextField } from "../../components/form";
import { Alert } from "../../components/page-parts";
import {
  decimalNumber,
  type FieldErrors,
  type FormFields,
  field,
  fieldValues,
  ticked,
  wholeNumber,
  zodFieldErrors,
} from "../../forms";
import type { Messages } from "../../i18n";
import { LISTING_LANGUAGES } from "../../i18n/staff";

/** The form's fields top to bottom, as the error summary orders its links. */
export const LISTING_FORM_ORDER = [
  "title",
  "kind",
  "description",
  "address.street",
  "address.postalCode",
  "address.city",
  "municipalityCode",
  "location.lat",
  "location.lon",
  "rentDkk",
  "depositDkk",
  "capacity",
  "sizeSqm",
  "availableFrom",
  "availableTo",
  "languages",
  "contactNote",
];

const BOOLEAN_FIELDS = [
  "utilitiesIncluded",
  "furnished",
  "accessible",
  "petsAllowed",
  "smokingAllowed",
  "internet",
] as const;

/** `01.02.2027` (as Danes write it) becomes `2027-02-01`; anything else is left for the schema to judge. */
function dateField(form: FormFields, name: string): string | undefined {
  const text = field(form, name);
  if (text === "") return undefined;
  const danish = /^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$/.exec(text);
  if (!danish) return text;
  const [, day, month, year] = danish as unknown as [string, string, string, string];
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** The listing as the API would be sent it; absent optional fields are undefined. */
function listingInput(form: FormFields) {
  const lat = decimalNumber(form, "location.lat");
  const lon = decimalNumber(form, "location.lon");
  const contactNote = field(form, "contactNote");
  const input: Record<string, unknown> = {
    title: field(form, "title") || undefined,
    description: field(form, "description") || undefined,
    kind: field(form, "kind") || undefined,
    municipalityCode: field(form, "municipalityCode") || undefined,
    address: {
      street: field(form, "address.street") || undefined,
      postalCode: field(form, "address.postalCode") || undefined,
      city: field(form, "address.city") || undefined,
    },
    location: lat === undefined && lon === undefined ? undefined : { lat, lon },
    rentDkk: wholeNumber(form, "rentDkk"),
    depositDkk: wholeNumber(form, "depositDkk") ?? 0,
    sizeSqm: wholeNumber(form, "sizeSqm"),
    capacity: wholeNumber(form, "capacity"),
    availableFrom: dateField(form, "availableFrom"),
    availableTo: dateField(form, "availableTo"),
    languages: fieldValues(form, "languages"),
    contactNote: contactNote || undefined,
  };
  for (const name of BOOLEAN_FIELDS) input[name] = ticked(form, name);
  return input;
}

/** Issues carry what was typed, so "not a number" is told apart from "missing" (zod leaves it out by default). */
const REPORT_INPUT = { reportInput: true } as const;

function fieldErrors(t: Messages, error: z.ZodError): FieldErrors {
  const f = t.staff.form.errors;
  const errors = zodFieldErrors(t, error, {
    title: f.title,
    "address.postalCode": f.postalCode,
    "location.lat": f.lat,
    "location.lon": f.lon,
    availableFrom: f.date,
    availableTo: f.date,
    languages: f.languages,
  });
  // A list to choose from says "choose", not "fill in".
  for (const name of ["kind", "municipalityCode"]) {
    if (errors[name]) errors[name] = t.errors.choose;
  }
  return errors;
}

export type ReadListing<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A new listing from the form, or the messages of what is wrong. */
export function readNewListing(t: Messages, form: FormFields): ReadListing<z.infer<typeof newListingSchema>> {
  const parsed = newListingSchema.safeParse(listingInput(form), REPORT_INPUT);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrors(t, parsed.error) };
}

/**
 * An edit from the form: the full set of fields, each optional one that was
 * left blank cleared with null. Every field a new listing needs must be there.
 */
export function readListingPatch(t: Messages, form: FormFields): ReadListing<z.infer<typeof listingPatchSchema>> {
  const complete = newListingSchema.safeParse(listingInput(form), REPORT_INPUT);
  if (!complete.success) return { ok: false, errors: fieldErrors(t, complete.error) };
  const content = complete.data;
  const parsed = listingPatchSchema.safeParse(
    {
      ...content,
      location: content.location ?? null,
      sizeSqm: content.sizeSqm ?? null,
      contactNote: content.contactNote ?? null,
    },
    REPORT_INPUT,
  );
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrors(t, parsed.error) };
}

/** A stored listing as the form shows it. */
export function formFieldsOf(listing: ListingView): FormFields {
  const fields: FormFields = {
    title: [listing.title],
    description: [listing.description],
    kind: [listing.kind],
    municipalityCode: [listing.municipalityCode],
    "address.street": [listing.address.street],
    "address.postalCode": [listing.address.postalCode],
    "address.city": [listing.address.city],
    "location.lat": listing.location ? [String(listing.location.lat)] : [],
    "location.lon": listing.location ? [String(listing.location.lon)] : [],
    rentDkk: [String(listing.rentDkk)],
    depositDkk: [String(listing.depositDkk)],
    sizeSqm: listing.sizeSqm === undefined ? [] : [String(listing.sizeSqm)],
    capacity: [String(listing.capacity)],
    availableFrom: [listing.availableFrom],
    availableTo: [listing.availableTo],
    languages: listing.languages,
    contactNote: listing.contactNote ? [listing.contactNote] : [],
    version: [String(listing.version)],
  };
  for (const name of BOOLEAN_FIELDS) fields[name] = listing[name] ? ["true"] : [];
  return fields;
}

export interface ListingFormProps {
  t: Messages;
  mode: "new" | "edit";
  action: string;
  csrf: string;
  values: FormFields;
  errors?: FieldErrors;
  /** Editing an approved listing: changing its terms sends it back to review. */
  approved?: boolean;
  /** A refusal or conflict to show above the form. */
  refusal?: { heading: string; text: string; link?: { href: string; label: string } };
  cancelHref: string;
}

export function ListingForm(props: ListingFormProps) {
  const { t, values, errors } = props;
  const f = t.staff.form;
  const v = (name: string) => field(values, name);
  const text = (name: string, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField name={name} label={label} value={v(name)} errors={errors} t={t} required {...extra} />
  );
  const municipalityOptions = [...municipalities]
    .sort((a, b) => a.name.localeCompare(b.name, "da"))
    .map((municipality) => ({ value: municipality.code, label: municipality.name }));
  return (
    <>
      <ErrorSummary errors={errors} order={LISTING_FORM_ORDER} t={t} />
      {props.refusal ? (
        <Alert kind="error" heading={props.refusal.heading} live>
          <p>{props.refusal.text}</p>
          {props.refusal.link ? (
            <p>
              <a href={props.refusal.link.href}>{props.refusal.link.label}</a>
            </p>
          ) : null}
        </Alert>
      ) : null}
      {props.approved ? (
        <Alert kind="info">
          <p>{f.materialHint}</p>
        </Alert>
      ) : null}
      <form method="post" action={props.action} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.mode === "edit" ? <input type="hidden" name="version" value={v("version")} /> : null}

        <h2>{f.sections.about}</h2>
        {text("title", f.title, { hint: f.titleHint, width: "xl" })}
        <Select
          name="kind"
          label={f.kind}
          options={LISTING_KINDS.map((kind) => ({ value: kind, label: t.kinds[kind] }))}
          value={v("kind")}
          placeholder={f.chooseKind}
          errors={errors}
          t={t}
        />
        <TextArea
          name="description"
          label={f.description}
          hint={f.descriptionHint}
          value={v("description")}
          errors={errors}
          t={t}
          required
          maxlength={5000}
        />

        <h2>{f.sections.address}</h2>
        {text("address.street", f.street, { autocomplete: "street-address", width: "xl" })}
        {text("address.postalCode", f.postalCode, {
          autocomplete: "postal-code",
          inputmode: "numeric",
          width: "xs",
        })}
        {text("address.city", f.city, { autocomplete: "address-level2", width: "l" })}
        <Select
          name="municipalityCode"
          label={f.municipality}
          options={municipalityOptions}
          value={v("municipalityCode")}
          placeholder={f.chooseMunicipality}
          errors={errors}
          t={t}
        />
        <fieldset class="form-group">
          <legend class="form-label">
            {f.locationLegend} {t.optional}
          </legend>
          <span class="form-hint">{f.locationHint}</span>
          {text("location.lat", f.lat, { hint: f.latHint, inputmode: "decimal", width: "s", required: false })}
          {text("location.lon", f.lon, { hint: f.lonHint, inputmode: "decimal", width: "s", required: false })}
        </fieldset>

        <h2>{f.sections.terms}</h2>
        {text("rentDkk", f.rent, { hint: f.rentHint, inputmode: "numeric", width: "s" })}
        {text("depositDkk", f.deposit, { hint: f.depositHint, inputmode: "numeric", width: "s" })}
        {text("capacity", f.capacity, { hint: f.capacityHint, inputmode: "numeric", width: "xs" })}
        {text("sizeSqm", f.size, { inputmode: "numeric", width: "xs", required: false })}

        <h2>{f.sections.period}</h2>
        {text("availableFrom", f.availableFrom, { hint: f.availableFromHint, type: "date", width: "m" })}
        {text("availableTo", f.availableTo, { hint: f.availableToHint, type: "date", width: "m" })}

        <h2>{f.sections.features}</h2>
        <fieldset class="form-group">
          <legend class="form-label">{f.featuresLegend}</legend>
          {BOOLEAN_FIELDS.map((name) => (
            <Checkbox name={name} label={f[name]} checked={ticked(values, name)} />
          ))}
        </fieldset>

        <h2>{f.sections.contact}</h2>
        <Choices
          kind="checkbox"
          name="languages"
          label={`${f.languages} ${t.optional}`}
          hint={f.languagesHint}
          options={LISTING_LANGUAGES.map((code) => ({ value: code, label: f.languageNames[code] }))}
          values={fieldValues(values, "languages")}
          errors={errors}
          t={t}
        />
        <TextArea
          name="contactNote"
          label={f.contactNote}
          hint={f.contactNoteHint}
          value={v("contactNote")}
          errors={errors}
          t={t}
          required={false}
          rows={3}
          maxlength={1000}
        />

        <div class="button-row">
          <button type="submit" class="button button-primary">
            {props.mode === "new" ? f.saveNew : f.saveEdit}
          </button>
          <a href={props.cancelHref} class="button button-secondary">
            {t.cancel}
          </a>
        </div>
      </form>
    </>
  );
}
