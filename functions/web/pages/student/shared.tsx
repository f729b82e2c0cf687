/** What the student pages share: words and formatters, success notes, dates, places and the offer countdown. */
import type { Context } from "hono";
import { findMunicipality, municipalities } from "#domain/municipalities/index";
import type { Option } from "../../components/form";
import { Alert } from "../../components/page-parts";
import type { WebEnv } from "../../context";
import type { Formatters, Messages } from "../../i18n";

export type PageContext = Context<WebEnv>;

export { csrfOf } from "../../middleware";

export const municipalityName = (code: string): string => findMunicipality(code)?.name ?? code;

/** The municipalities of Region Zealand, by name: where the internships are. */
export const zealandMunicipalities: Option[] = municipalities
  .filter((municipality) => municipality.region === "Sjælland")
  .map((municipality) => ({ value: municipality.code, label: municipality.name }))
  .sort((a, b) => a.label.localeCompare(b.label, "da"));

export const stayText = (t: Messages, fmt: Formatters, from: string, to: string) =>
  t.dateRange(fmt.date(from), fmt.date(to));

/** Hours and minutes until `expiresAt` as the page script writes them; "expired" once passed. */
export function timeLeft(t: Messages, expiresAt: string, now: Date): string {
  const left = Date.parse(expiresAt) - now.getTime();
  if (left <= 0) return t.student.countdown.over;
  const minutes = Math.floor(left / 60_000);
  return t.student.countdown.left(Math.floor(minutes / 60), minutes % 60);
}

/** "reserveret til dig til 10. januar 2027 kl. 13.00 (2 t. 14 min. tilbage)", the remaining time kept live by the page script. */
export function OfferCountdown(props: {
  t: Messages;
  fmt: Formatters;
  expiresAt: string;
  now: Date;
  /** How the hold is said: "reserveret til dig til …" unless a page words it as a sentence. */
  held?: (when: string) => string;
}) {
  const held = props.held ?? props.t.student.countdown.held;
  return (
    <span>
      {held(props.fmt.dateTime(props.expiresAt))} (
      <time class="countdown" datetime={props.expiresAt} data-countdown={props.expiresAt}>
        {timeLeft(props.t, props.expiresAt, props.now)}
      </time>
      )
    </span>
  );
}

type DoneKey = keyof Messages["student"]["done"];

/** The note after a redirect (`?done=created`), announced to screen readers. */
export function DoneAlert({ c }: { c: PageContext }) {
  const { t } = c.get("speech");
  const done = c.req.query("done");
  if (!done || !Object.hasOwn(t.student.done, done)) return null;
  return <Alert kind="success" heading={t.student.done[done as DoneKey]} live />;
}

/** A conflict said in the page's words, on the page it happened on. */
export function ConflictAlert({ heading, text }: { heading: string; text?: string }) {
  if (!text) return null;
  return (
    <div role="alert">
      <Alert kind="error" heading={heading}>
        {text}
      </Alert>
    </div>
  );
}
