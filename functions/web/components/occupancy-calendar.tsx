/**
 * A listing's occupancy as a server-drawn SVG bar chart (one bar a night:
 * booked, held, free) and, right under it, the same numbers as text: one
 * table per month, each row a run of nights with the same counts. Booked
 * and held differ by pattern as well as colour, and the legend names them;
 * no inline styles (the page's CSP allows none), only SVG presentation attributes.
 */
import type { ListingOccupancy, OccupancyNight } from "#domain/listings/service";
import type { Speech } from "../i18n";
import { Table } from "./page-parts";

/** DKFDS's primary blue (7:1 on white), a dark orange (5:1) for holds, and DKFDS grey for outlines. */
const COLOURS = { booked: "#0059b3", held: "#a84900", outline: "#767676", grid: "#dcdcdc", text: "#1a1a1a" };

const CHART = { left: 36, right: 8, top: 10, height: 160, bottom: 34 };

const LOCALES = { da: "da-DK", en: "en-GB" } as const;

/** Nights in a row with the same counts, within one month. */
interface Run {
  from: string;
  to: string;
  booked: number;
  held: number;
  free: number;
  /** Index of the first night in the window. */
  start: number;
  length: number;
}

function runsOf(nights: OccupancyNight[]): Run[] {
  const runs: Run[] = [];
  nights.forEach((night, index) => {
    const last = runs.at(-1);
    if (
      last &&
      last.booked === night.booked &&
      last.held === night.held &&
      last.free === night.free &&
      last.from.slice(0, 7) === night.date.slice(0, 7)
    ) {
      last.to = night.date;
      last.length++;
    } else {
      runs.push({ ...night, from: night.date, to: night.date, start: index, length: 1 });
    }
  });
  return runs;
}

const barWidth = (nights: number) => (nights <= 62 ? 12 : nights <= 190 ? 4 : 2);

function HeldPattern({ id }: { id: string }) {
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#ffffff" />
      <rect width="3" height="6" fill={COLOURS.held} />
    </pattern>
  );
}

function Swatch({ kind, patternId }: { kind: "booked" | "held" | "free"; patternId: string }) {
  const fill = kind === "booked" ? COLOURS.booked : kind === "held" ? `url(#${patternId})` : "#ffffff";
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false" class="swatch">
      {kind === "held" ? (
        <defs>
          <HeldPattern id={patternId} />
        </defs>
      ) : null}
      <rect width="20" height="20" fill={fill} />
    </svg>
  );
}

export function OccupancyCalendar({ occupancy, speech }: { occupancy: ListingOccupancy; speech: Speech }) {
  const { t, fmt, lang } = speech;
  const o = t.staff.occupancy;
  const nights = occupancy.nights;
  if (nights.length === 0) return <p>{o.noNights}</p>;

  const capacity = Math.max(1, occupancy.capacity);
  const bw = barWidth(nights.length);
  const width = CHART.left + nights.length * bw + CHART.right;
  const height = CHART.top + CHART.height + CHART.bottom;
  const baseline = CHART.top + CHART.height;
  const bed = CHART.height / capacity;
  const x = (index: number) => CHART.left + index * bw;
  const runs = runsOf(nights);
  const lastNight = nights.at(-1) as OccupancyNight;
  const monthShort = new Intl.DateTimeFormat(LOCALES[lang], { month: "short", timeZone: "UTC" });
  const monthLong = new Intl.DateTimeFormat(LOCALES[lang], { month: "long", year: "numeric", timeZone: "UTC" });
  const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const monthStarts = nights
    .map((night, index) => ({ night, index }))
    .filter(({ night, index }) => index === 0 || night.date.endsWith("-01"));
  // Grid lines at every bed, or at a few round numbers for large capacities.
  const step = capacity <= 10 ? 1 : Math.ceil(capacity / 5);
  const levels: number[] = [];
  for (let level = 0; level <= capacity; level += step) levels.push(level);
  if (levels.at(-1) !== capacity) levels.push(capacity);
  const titleId = `occupancy-title-${occupancy.listingId}`;
  const descId = `occupancy-desc-${occupancy.listingId}`;
  const chartPattern = `occupancy-held-${occupancy.listingId}`;
  const legendPattern = `occupancy-held-legend-${occupancy.listingId}`;

  const months = new Map<string, Run[]>();
  for (const run of runs) {
    const month = run.from.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), run]);
  }

  return (
    <div class="occupancy-calendar">
      <svg
        class="occupancy-chart"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        height={String(height)}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{o.chartTitle}</title>
        <desc id={descId}>{o.chartDescription(fmt.date(nights[0]?.date ?? ""), fmt.date(lastNight.date))}</desc>
        <defs>
          <HeldPattern id={chartPattern} />
        </defs>
        <rect
          x={String(CHART.left)}
          y={String(CHART.top)}
          width={String(nights.length * bw)}
          height={String(CHART.height)}
          fill="#ffffff"
          stroke={COLOURS.outline}
          stroke-width="1"
        />
        {levels.map((level) => (
          <g>
            <line
              x1={String(CHART.left)}
              x2={String(CHART.left + nights.length * bw)}
              y1={String(baseline - level * bed)}
              y2={String(baseline - level * bed)}
              stroke={level === 0 ? COLOURS.text : COLOURS.grid}
              stroke-width="1"
            />
            <text
              x={String(CHART.left - 6)}
              y={String(baseline - level * bed + 4)}
              text-anchor="end"
              font-size="12"
              fill={COLOURS.text}
            >
              {String(level)}
            </text>
          </g>
        ))}
        {runs.map((run) => {
          const bookedHeight = run.booked * bed;
          const heldHeight = run.held * bed;
          return (
            <g>
              {run.booked > 0 ? (
                <rect
                  x={String(x(run.start))}
                  y={String(baseline - bookedHeight)}
                  width={String(run.length * bw)}
                  height={String(bookedHeight)}
                  fill={COLOURS.booked}
                />
              ) : null}
              {run.held > 0 ? (
                <rect
                  x={String(x(run.start))}
                  y={String(baseline - bookedHeight - heldHeight)}
                  width={String(run.length * bw)}
                  height={String(heldHeight)}
                  fill={`url(#${chartPattern})`}
                  stroke={COLOURS.held}
                  stroke-width="1"
                />
              ) : null}
            </g>
          );
        })}
        {monthStarts.map(({ night, index }) => (
          <g>
            <line
              x1={String(x(index))}
              x2={String(x(index))}
              y1={String(CHART.top)}
              y2={String(baseline + 6)}
              stroke={COLOURS.outline}
              stroke-width="1"
            />
            <text x={String(x(index) + 3)} y={String(baseline + 20)} font-size="12" fill={COLOURS.text}>
              {monthShort.format(dateOf(night.date))}
            </text>
          </g>
        ))}
      </svg>
      <ul class="occupancy-legend" aria-label={o.legend}>
        <li>
          <Swatch kind="booked" patternId={legendPattern} />
          {o.booked}
        </li>
        <li>
          <Swatch kind="held" patternId={legendPattern} />
          {o.held}
        </li>
        <li>
          <Swatch kind="free" patternId={legendPattern} />
          {o.free}
        </li>
      </ul>
      <h3>{o.tableTitle}</h3>
      {[...months].map(([month, monthRuns]) => (
        <Table
          id={`occupancy-${occupancy.listingId}-${month}`}
          compact
          caption={o.monthCaption(monthLong.format(dateOf(`${month}-01`)))}
          head={[o.head.nights, o.head.booked, o.head.held, o.head.free]}
          rows={monthRuns.map((run) => [
            run.from === run.to
              ? fmt.dateShort(run.from)
              : o.nightRange(fmt.dateShort(run.from), fmt.dateShort(run.to)),
            fmt.number(run.booked),
            fmt.number(run.held),
            fmt.number(run.free),
          ])}
        />
      ))}
    </div>
  );
}
