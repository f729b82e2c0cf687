/**
 * A new housing request as a step form, one thing per page: the internship,
 * the stay, the needs, then "check your answers". Without JavaScript each
 * step posts to the same path with its `step` and carries the earlier
 * steps' values as hidden inputs; each step is checked with the API's own
 * schema and the domain's stay rules, showing only that step's messages.
 */
import { todayIn } from "#domain/common/dates";
import { LISTING_KINDS } from "#domain/listings/model";
import { newRequestSchema } from "#domain/requests/model";
import { checkStay } from "#domain/requests/rules";
import { ValidationFailed } from "#shared/errors";
import { Checkbox, Choices, ErrorSummary, Select, TextArea, TextField } from "../../components/form";
import { Facts, StepIndicator } from "../../components/page-parts";
import {
  attempt,
  decimalNumber,
  domainFieldErrors,
  type FieldErrors,
  type FormFields,
  field,
  fieldValues,
  optionalText,
  readForm,
  ticked,
  wholeNumber,
  zodFieldErrors,
} from "../../forms";
import type { Messages } from "../../i18n";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import { csrfOf, municipalityName, type PageContext, zealandMunicipalities } from "./shared";

/** Each step's fields, named by their path in newRequestSchema. */
const STEP_FIELDS = [
  [
    "internship.company",
    "internship.municipalityCode",
    "internship.location.lat",
    "internship.location.lon",
    "internship.startDate",
    "internship.endDate",
  ],
  ["moveIn", "moveOut", "maxRent"],
  ["needs.furnished", "needs.accessible", "needs.pets", "preferredKinds", "maxDistanceKm", "note"],
] as const;
const ALL_FIELDS: string[] = STEP_FIELDS.flat();
const CHECK_STEP = 4;
const DATE_FIELDS = ["internship.startDate", "internship.endDate", "moveIn", "moveOut"];

/** The step a field path belongs to (a list's items count as the list). */
const stepOf = (path: string): number => {
  const index = STEP_FIELDS.findIndex((fields) =>
    fields.some((name) => path === name || path.startsWith(`${name}.`) || name.startsWith(`${path}.`)),
  );
  return index === -1 ? CHECK_STEP - 1 : index + 1;
};

/** The object a client would send the API, from the fields as typed. */
function candidate(form: FormFields) {
  const lat = decimalNumber(form, "internship.location.lat");
  const lon = decimalNumber(form, "internship.location.lon");
  return {
    internship: {
      company: field(form, "internship.company"),
      municipalityCode: optionalText(form, "internship.municipalityCode"),
      ...(lat !== undefined || lon !== undefined ? { location: { lat, lon } } : {}),
      startDate: optionalText(form, "internship.startDate"),
      endDate: optionalText(form, "internship.endDate"),
    },
    moveIn: optionalText(form, "moveIn"),
    moveOut: optionalText(form, "moveOut"),
    maxRent: wholeNumber(form, "maxRent"),
    needs: {
      furnished: ticked(form, "needs.furnished"),
      accessible: ticked(form, "needs.accessible"),
      pets: ticked(form, "needs.pets"),
    },
    preferredKinds: fieldValues(form, "preferredKinds"),
    maxDistanceKm: decimalNumber(form, "maxDistanceKm"),
    note: optionalText(form, "note"),
  };
}

/** A list item's message belongs to the list's field (`preferredKinds.0` → `preferredKinds`). */
function onFields(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const name = ALL_FIELDS.find((candidateName) => path.startsWith(`${candidateName}.`)) ?? path;
    out[name] ??= message;
  }
  return out;
}

/** Every message for the whole request: the schema's, then (if it passes) the domain's stay rules. */
function check(t: Messages, form: FormFields, today: string) {
  const parsed = newRequestSchema.safeParse(candidate(form));
  if (!parsed.success) {
    const overrides = Object.fromEntries(DATE_FIELDS.map((name) => [name, t.errors.date]));
    const errors = zodFieldErrors(t, parsed.error, {
      ...overrides,
      "internship.municipalityCode": t.errors.choose,
    });
    // The schema stops before the cross-field rules; the internship's own order is step 1's to say.
    const start = field(form, "internship.startDate");
    const end = field(form, "internship.endDate");
    if (!errors["internship.startDate"] && !errors["internship.endDate"] && start > end) {
      errors["internship.endDate"] = t.errors.rules.not_after_start;
    }
    return { errors: onFields(errors) };
  }
  try {
    checkStay(parsed.data, today);
  } catch (error) {
    if (error instanceof ValidationFailed) return { errors: onFields(domainFieldErrors(t, error.issues)) };
    throw error;
  }
  return { errors: {}, request: parsed.data };
}

const ofStep = (errors: FieldErrors, step: number): FieldErrors =>
  Object.fromEntries(Object.entries(errors).filter(([path]) => stepOf(path) === step));

const firstStepWith = (errors: FieldErrors): number => Math.min(...Object.keys(errors).map(stepOf));

export function newRequestPage(c: PageContext) {
  return renderStep(c, 1, { maxDistanceKm: ["50"] }, {});
}

export async function postNewRequest(c: PageContext, { services }: PageDeps) {
  const { t } = c.get("speech");
  const form = await readForm(c);
  const today = todayIn(services.clock);
  const goto = Number(field(form, "goto"));
  // Back and "change" buttons: another step with what was typed, checked when it is sent again.
  if (Number.isInteger(goto) && goto >= 1 && goto < CHECK_STEP) return renderStep(c, goto, form, {});
  const sent = Number(field(form, "step"));
  const step = Number.isInteger(sent) && sent >= 1 && sent <= CHECK_STEP ? sent : 1;
  const { errors, request } = check(t, form, today);
  if (step < CHECK_STEP) {
    const own = ofStep(errors, step);
    if (Object.keys(own).length > 0) return renderStep(c, step, form, own, 400);
    const earlier = Object.keys(errors).filter((path) => stepOf(path) < step);
    if (earlier.length > 0) {
      const back = firstStepWith(errors);
      return renderStep(c, back, form, ofStep(errors, back), 400);
    }
    return renderStep(c, step + 1, form, {});
  }
  if (!request) {
    const back = firstStepWith(errors);
    return renderStep(c, back, form, ofStep(errors, back), 400);
  }
  const created = await attempt(t, () => services.requests.create(c.get("principal"), request));
  if (!created.ok) {
    const back = firstStepWith(onFields(created.errors));
    return renderStep(c, back, form, ofStep(onFields(created.errors), back), 400);
  }
  return c.redirect(`${paths.request(created.value.id)}?done=created`, 303);
}

function Hidden({ form, except }: { form: FormFields; except: readonly string[] }) {
  return (
    <>
      {ALL_FIELDS.filter((name) => !except.includes(name)).flatMap((name) =>
        (form[name] ?? []).map((value) => <input type="hidden" name={name} value={value} />),
      )}
    </>
  );
}

function renderStep(c: PageContext, step: number, form: FormFields, errors: FieldErrors, status?: 400) {
  const { t } = c.get("speech");
  const s = t.student.newRequest;
  const names = [t.student.steps.internship, t.student.steps.stay, t.student.steps.needs, t.student.steps.check];
  const headings = [s.internshipHeading, s.stayHeading, s.needsHeading, s.checkHeading];
  const heading = headings[step - 1] ?? s.internshipHeading;
  const visible = step < CHECK_STEP ? (STEP_FIELDS[step - 1] ?? []) : [];
  const value = (name: string) => form[name]?.[0] ?? "";
  const fieldProps = (name: string) => ({ name, value: value(name), errors, t });
  let body: unknown;
  if (step === 1) {
    body = (
      <>
        <TextField {...fieldProps("internship.company")} label={s.company} hint={s.companyHint} required />
        <Select
          name="internship.municipalityCode"
          label={s.municipality}
          options={zealandMunicipalities}
          placeholder={s.chooseMunicipality}
          value={value("internship.municipalityCode")}
          errors={errors}
          t={t}
        />
        <fieldset class="form-group">
          <legend class="form-label">
            {s.locationLegend} {t.optional}
          </legend>
          <p class="form-hint">{s.locationHint}</p>
          <TextField
            {...fieldProps("internship.location.lat")}
            label={s.lat}
            hint={s.latHint}
            inputmode="decimal"
            width="s"
          />
          <TextField
            {...fieldProps("internship.location.lon")}
            label={s.lon}
            hint={s.lonHint}
            inputmode="decimal"
            width="s"
          />
        </fieldset>
        <TextField {...fieldProps("internship.startDate")} label={s.startDate} hint={s.dateHint} width="m" required />
        <TextField {...fieldProps("internship.endDate")} label={s.endDate} hint={s.dateHint} width="m" required />
      </>
    );
  } else if (step === 2) {
    body = (
      <>
        <TextField {...fieldProps("moveIn")} label={s.moveIn} hint={s.dateHint} width="m" required />
        <TextField {...fieldProps("moveOut")} label={s.moveOut} hint={s.moveOutHint} width="m" required />
        <TextField
          {...fieldProps("maxRent")}
          label={s.maxRent}
          hint={s.maxRentHint}
          inputmode="numeric"
          width="s"
          required={false}
        />
      </>
    );
  } else if (step === 3) {
    body = (
      <>
        <fieldset class="form-group">
          <legend class="form-label">{s.needsLegend}</legend>
          <Checkbox name="needs.furnished" label={s.furnished} checked={ticked(form, "needs.furnished")} />
          <Checkbox name="needs.accessible" label={s.accessible} checked={ticked(form, "needs.accessible")} />
          <Checkbox name="needs.pets" label={s.pets} checked={ticked(form, "needs.pets")} />
        </fieldset>
        <Choices
          kind="checkbox"
          name="preferredKinds"
          label={s.kindsLegend}
          hint={s.kindsHint}
          options={LISTING_KINDS.map((kind) => ({ value: kind, label: capitalise(t.kinds[kind]) }))}
          values={fieldValues(form, "preferredKinds")}
          errors={errors}
          t={t}
        />
        <TextField
          {...fieldProps("maxDistanceKm")}
          label={s.maxDistance}
          hint={s.maxDistanceHint}
          inputmode="numeric"
          width="xs"
        />
        <TextArea {...fieldProps("note")} label={s.note} hint={s.noteHint} rows={4} maxlength={2000} required={false} />
      </>
    );
  } else {
    body = <CheckAnswers c={c} form={form} names={names} />;
  }
  return c.render(
    <>
      <StepIndicator t={t} steps={names} current={step} />
      <h1>{heading}</h1>
      <ErrorSummary errors={errors} order={ALL_FIELDS} t={t} />
      <form method="post" action={paths.newRequest} novalidate>
        <input type="hidden" name="_csrf" value={csrfOf(c)} />
        <input type="hidden" name="step" value={String(step)} />
        <Hidden form={form} except={visible} />
        {body}
        <div class="button-row">
          <button type="submit" class="button button-primary">
            {step === CHECK_STEP ? s.submit : s.next}
          </button>
          {step > 1 ? (
            <button type="submit" name="goto" value={String(step - 1)} class="button button-secondary">
              {s.back}
            </button>
          ) : null}
        </div>
      </form>
    </>,
    { title: `${heading} – ${s.title}`, status },
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The answers as they will be sent, each step with a button back to it. */
function CheckAnswers({ c, form, names }: { c: PageContext; form: FormFields; names: string[] }) {
  const { t, fmt } = c.get("speech");
  const s = t.student.newRequest;
  const parsed = newRequestSchema.safeParse(candidate(form));
  if (!parsed.success) return null;
  const r = parsed.data;
  const needs = [r.needs.furnished && s.furnished, r.needs.accessible && s.accessible, r.needs.pets && s.pets].filter(
    (item): item is string => Boolean(item),
  );
  const sections: [string, [string, string][]][] = [
    [
      names[0] ?? "",
      [
        [s.company, r.internship.company],
        [s.municipality, municipalityName(r.internship.municipalityCode)],
        [
          s.locationLegend,
          r.internship.location
            ? `${fmt.number(r.internship.location.lat, 5)}, ${fmt.number(r.internship.location.lon, 5)}`
            : s.noLocation,
        ],
        [s.startDate, fmt.date(r.internship.startDate)],
        [s.endDate, fmt.date(r.internship.endDate)],
      ],
    ],
    [
      names[1] ?? "",
      [
        [s.moveIn, fmt.date(r.moveIn)],
        [s.moveOut, fmt.date(r.moveOut)],
        [s.maxRent, r.maxRent === undefined ? s.noRentLimit : fmt.dkk(r.maxRent)],
      ],
    ],
    [
      names[2] ?? "",
      [
        [s.needsLegend, needs.length > 0 ? needs.join(", ") : s.noNeeds],
        [
          s.kindsLegend,
          r.preferredKinds.length > 0
            ? capitalise(r.preferredKinds.map((kind) => t.kinds[kind]).join(", "))
            : s.anyKind,
        ],
        [s.maxDistance, t.km(fmt.number(r.maxDistanceKm))],
        [s.note, r.note ?? t.none],
      ],
    ],
  ];
  return (
    <>
      {sections.map(([name, items], index) => (
        <section>
          <h2>{name}</h2>
          <Facts items={items} />
          <p>
            <button type="submit" name="goto" value={String(index + 1)} class="function-link">
              {s.change}
              <span class="sr-only"> {name.toLowerCase()}</span>
            </button>
          </p>
        </section>
      ))}
    </>
  );
}
