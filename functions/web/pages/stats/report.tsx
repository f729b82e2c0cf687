/**
 * The statistics page: the period form, the key figures with what each
 * means (a table per group of figures, a column per municipality), the CSV
 * link, and the charts: each municipality's, or for many their sum.
 */
import type { Child } from "hono/jsx";
import { LISTING_STATUSES } from "#domain/listings/model";
import { findMunicipality } from "#domain/municipalities/index";
import type { MunicipalityStats } from "#domain/stats/figures";
import type { StatsReport } from "#domain/stats/service";
import { DaysToHouseChart, FreeBedsChart, RequestsByMonthChart } from "../../components/charts";
import { ErrorSummary, type Option, Select, TextField } from "../../components/form";
import type { FieldErrors } from "../../forms";
import type { Formatters, Messages, Speech } from "../../i18n";
import { paths } from "../../paths";

export const FIELD_ORDER = ["from", "to", "municipality"];

/** More municipalities than this: the figures tables scroll sideways, and the charts add the municipalities up. */
const COLUMNS_WITHOUT_SCROLL = 3;

export interface StatsPageData {
  /** The form's fields: as typed, or the period shown. */
  form: { from: string; to: string; municipality: string };
  /** The municipalities to choose among, and the name of choosing none; absent when there is no choice. */
  choices?: { options: Option[]; all: string };
  errors?: FieldErrors;
  report?: StatsReport;
  csvHref?: string;
}

export const municipalityName = (code: string) => findMunicipality(code)?.name ?? code;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface FigureRow {
  label: string;
  hint?: string;
  value: (item: MunicipalityStats) => Child;
}

interface FigureGroup {
  key: string;
  caption: string;
  note: string;
  rows: FigureRow[];
}

function NoValue({ t }: { t: Messages }) {
  return (
    <>
      <span aria-hidden="true">–</span>
      <span class="sr-only">{t.stats.noValue}</span>
    </>
  );
}

/** The groups of figures, each row worded with what it means and how each municipality's value reads. */
function figureGroups(t: Messages, fmt: Formatters): FigureGroup[] {
  const s = t.stats;
  const f = s.figures;
  const orNone = (value: number | null, text: (value: number) => string): Child =>
    value === null ? <NoValue t={t} /> : text(value);
  const count = (value: number) => fmt.number(value, 0);
  const days = (value: number | null) => orNone(value, (shown) => s.days(fmt.number(shown, 1)));
  const share = (value: number | null) => orNone(value, fmt.percent);
  const flows = (counts: Record<string, number>): Child => {
    const entries = Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    if (entries.length === 0) return s.none;
    return entries.map(([code, n]) => s.flow(municipalityName(code), count(n))).join(", ");
  };
  return [
    {
      key: "listings",
      ...s.groups.listings,
      rows: LISTING_STATUSES.map((status) => ({
        label: capitalise(t.listingStatuses[status]),
        value: (item) => count(item.listings[status]),
      })),
    },
    {
      key: "beds",
      ...s.groups.beds,
      rows: [
        { ...f.beds, value: (item) => count(item.beds) },
        { ...f.free30, value: (item) => fmt.number(item.bedsFree.next30Days, 1) },
        { ...f.free90, value: (item) => fmt.number(item.bedsFree.next90Days, 1) },
        { ...f.medianRent, value: (item) => orNone(item.medianRentDkk, fmt.dkk) },
      ],
    },
    {
      key: "requests",
      ...s.groups.requests,
      rows: [
        { ...f.opened, value: (item) => count(item.requests.opened) },
        { ...f.open, value: (item) => count(item.requests.open) },
        { ...f.housed, value: (item) => count(item.requests.housed) },
        { ...f.expired, value: (item) => count(item.requests.expired) },
        { ...f.cancelled, value: (item) => count(item.requests.cancelled) },
        { ...f.medianDays, value: (item) => days(item.daysToHouse.median) },
        { ...f.p90Days, value: (item) => days(item.daysToHouse.p90) },
      ],
    },
    {
      key: "distance",
      ...s.groups.distance,
      rows: (["10", "25", "50"] as const).map((km) => ({
        label: f.within(km),
        value: (item) => share(item.housedWithinKm[km]),
      })),
    },
    {
      key: "bed-nights",
      ...s.groups.bedNights,
      rows: [
        { ...f.offered, value: (item) => count(item.bedNights.offered) },
        { ...f.booked, value: (item) => count(item.bedNights.booked) },
        { ...f.utilisation, value: (item) => share(item.bedNights.utilisation) },
      ],
    },
    {
      key: "flows",
      ...s.groups.flows,
      rows: [
        { ...f.livesIn, value: (item) => flows(item.internships.livesIn) },
        { ...f.internsFrom, value: (item) => flows(item.internships.internsFrom) },
      ],
    },
  ];
}

/**
 * One group's figures: a row per figure (its name and meaning as the row's
 * heading), a column per municipality. One municipality's two columns fit a
 * phone; with a few, the rows stack below 768 px, each value under its
 * municipality's name (DKFDS table--responsive-headers); with many, the
 * table scrolls sideways in its box, the figures' names staying in view.
 */
function FigureTable({ group, items, t }: { group: FigureGroup; items: MunicipalityStats[]; t: Messages }) {
  const id = `figures-${group.key}`;
  const names = items.map((item) => municipalityName(item.municipalityCode));
  const several = items.length > 1;
  const scrolls = items.length > COLUMNS_WITHOUT_SCROLL;
  // Stacked, a few municipalities' values each come under their name; many would make each figure a long list.
  const stacks = several && !scrolls;
  const table = (
    <table class={stacks ? "table table--responsive-headers stats-figures" : "table stats-figures"} id={id}>
      <caption id={`${id}-caption`} class="sr-only">
        {group.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.stats.figureHead}</th>
          {names.map((name) => (
            <th scope="col">{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {group.rows.map((row) => (
          <tr>
            {/* An empty data-title: stacked, the row's heading needs no heading of its own. */}
            <th scope="row" data-title="">
              <span class="figure-name">{row.label}</span>
              {row.hint ? <span class="figure-hint">{row.hint}</span> : null}
            </th>
            {items.map((item, index) => (
              <td data-title={stacks ? names[index] : undefined}>{row.value(item)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div class="stats-group">
      <h3>{group.caption}</h3>
      <p class="form-hint">{group.note}</p>
      {scrolls ? (
        <section class="table--responsive-scroll stats-scroll" aria-labelledby={`${id}-caption`} tabindex={0}>
          {table}
        </section>
      ) : (
        table
      )}
    </div>
  );
}

function PeriodForm({ data, t }: { data: StatsPageData; t: Messages }) {
  const f = t.stats.form;
  return (
    <form method="get" action={paths.stats} class="stats-form">
      <fieldset aria-describedby="period-hint">
        <legend class="form-label">{f.title}</legend>
        <p class="form-hint" id="period-hint">
          {f.periodHint}
        </p>
        <div class="stats-period">
          <TextField
            name="from"
            label={f.from}
            hint={f.dateHint}
            value={data.form.from}
            errors={data.errors}
            width="m"
            t={t}
          />
          <TextField
            name="to"
            label={f.to}
            hint={f.dateHint}
            value={data.form.to}
            errors={data.errors}
            width="m"
            t={t}
          />
        </div>
      </fieldset>
      {data.choices ? (
        <Select
          name="municipality"
          label={f.municipality}
          options={data.choices.options}
          placeholder={data.choices.all}
          value={data.form.municipality}
          errors={data.errors}
          t={t}
        />
      ) : null}
      <button type="submit" class="button button-primary">
        {f.submit}
      </button>
    </form>
  );
}

type Series = MunicipalityStats["series"];

/** One municipality's charts, or the sum of several (every series is a count, or an average that adds up). */
function Charts(props: { id: string; heading: string; note?: string; name: string; series: Series; speech: Speech }) {
  const { id, name, series, speech } = props;
  return (
    <section aria-labelledby={`charts-${id}`}>
      <h2 id={`charts-${id}`}>{props.heading}</h2>
      {props.note ? <p>{props.note}</p> : null}
      <div class="stats-charts">
        <FreeBedsChart id={`chart-weeks-${id}`} municipality={name} weeks={series.weeks} speech={speech} />
        <RequestsByMonthChart id={`chart-months-${id}`} municipality={name} months={series.months} speech={speech} />
        <DaysToHouseChart id={`chart-waits-${id}`} municipality={name} bands={series.daysToHouse} speech={speech} />
      </div>
    </section>
  );
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** The municipalities' series added up, week by week, month by month and band by band. */
export function totalSeries(items: MunicipalityStats[]): Series {
  const [first, ...rest] = items.map((item) => item.series);
  if (!first) return { weeks: [], months: [], daysToHouse: [] };
  return {
    weeks: first.weeks.map((week, index) => ({
      weekStart: week.weekStart,
      bedsFree: oneDecimal(rest.reduce((sum, other) => sum + (other.weeks[index]?.bedsFree ?? 0), week.bedsFree)),
    })),
    months: first.months.map((month, index) => ({
      month: month.month,
      opened: rest.reduce((sum, other) => sum + (other.months[index]?.opened ?? 0), month.opened),
      housed: rest.reduce((sum, other) => sum + (other.months[index]?.housed ?? 0), month.housed),
    })),
    daysToHouse: first.daysToHouse.map((band, index) => ({
      upToDays: band.upToDays,
      requests: rest.reduce((sum, other) => sum + (other.daysToHouse[index]?.requests ?? 0), band.requests),
    })),
  };
}

/** Each municipality's charts, up to a few; for more, their sum (three charts a municipality would make a phone's page endless). */
function AllCharts({ items, speech }: { items: MunicipalityStats[]; speech: Speech }) {
  const c = speech.t.stats.charts;
  if (items.length > COLUMNS_WITHOUT_SCROLL) {
    return (
      <Charts
        id="all"
        heading={c.totalTitle(speech.fmt.number(items.length, 0))}
        note={c.totalNote}
        name={c.allChosen}
        series={totalSeries(items)}
        speech={speech}
      />
    );
  }
  return (
    <>
      {items.map((item) => {
        const name = municipalityName(item.municipalityCode);
        return (
          <Charts id={item.municipalityCode} heading={c.title(name)} name={name} series={item.series} speech={speech} />
        );
      })}
    </>
  );
}

export function StatsView({ speech, data }: { speech: Speech; data: StatsPageData }) {
  const { t, fmt } = speech;
  const s = t.stats;
  const report = data.report;
  return (
    <>
      <h1>{s.title}</h1>
      <ErrorSummary errors={data.errors} order={FIELD_ORDER} t={t} />
      <p class="font-lead">{s.lead}</p>
      <PeriodForm data={data} t={t} />
      {report ? (
        report.items.length === 0 ? (
          <p>{s.noMunicipalities}</p>
        ) : (
          <>
            <h2>{s.period(fmt.date(report.from), fmt.date(report.to))}</h2>
            <p>{s.counting}</p>
            <p class="stats-download">
              <a class="button button-secondary" href={data.csvHref} aria-describedby="stats-csv-hint">
                {s.csv}
              </a>
              <span class="form-hint" id="stats-csv-hint">
                {s.csvHint}
              </span>
            </p>
            <h2>{s.figuresTitle}</h2>
            {/* One municipality's narrow tables sit two by two on a wide screen. */}
            <div class={report.items.length === 1 ? "stats-groups stats-groups-single" : "stats-groups"}>
              {figureGroups(t, fmt).map((group) => (
                <FigureTable group={group} items={report.items} t={t} />
              ))}
            </div>
            <AllCharts items={report.items} speech={speech} />
          </>
        )
      ) : null}
    </>
  );
}
