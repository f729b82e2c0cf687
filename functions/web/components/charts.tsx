/**
 * The statistics page's charts, drawn on the server as inline SVG: free beds
 * over the coming weeks (columns), housing requests opened and housed per
 * month (pairs of horizontal bars, so any number of months fits a phone's
 * width) and days to housing (a histogram of bands). Each is an image with a
 * name and a description, and right under it the same figures as a table.
 * Opened and housed differ by fill (solid, hatched) as well as colour, and
 * every bar carries its number. No scripts and no inline styles: only SVG
 * presentation attributes, in DKFDS's data palette.
 */
import type { Child } from "hono/jsx";
import type { MunicipalityStats } from "#domain/stats/figures";
import type { Speech } from "../i18n";
import { Table } from "./page-parts";

type Series = MunicipalityStats["series"];

/** DKFDS data-blue-800 (8:1 on white) and data-orange-800 (6:1), DKFDS's ink and greys. */
const COLOURS = { first: "#08519c", second: "#a63603", text: "#1a1a1a", axis: "#454545", grid: "#dcdcdc" };

/** The drawing's width in its own units; the page scales it to its column, 375 px wide or more. */
const WIDTH = 360;
/** Text sizes in the drawing's units: about 12 px and 11 px on a phone, where it is drawn at about 0.95. */
const FONT = 13;
const SMALL = 12;

const n = (value: number) => String(Math.round(value * 100) / 100);

/** A scale from 0 in round steps (1, 2 or 5 times a power of ten), about four of them. */
export function niceScale(max: number, whole: boolean): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  if (whole) step = Math.max(1, Math.round(step));
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let index = 0; index * step <= top + 1e-9; index++) ticks.push(Math.round(index * step * 1000) / 1000);
  return { top, ticks };
}

function Hatch({ id }: { id: string }) {
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#ffffff" />
      <rect width="3" height="6" fill={COLOURS.second} />
    </pattern>
  );
}

/** A legend's sample of a fill, hidden from screen readers (its words say it). */
function Swatch({ hatched, patternId }: { hatched: boolean; patternId: string }) {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false" class="swatch">
      {hatched ? (
        <defs>
          <Hatch id={patternId} />
        </defs>
      ) : null}
      <rect
        x="0.5"
        y="0.5"
        width="19"
        height="19"
        fill={hatched ? `url(#${patternId})` : COLOURS.first}
        stroke={hatched ? COLOURS.second : COLOURS.first}
      />
    </svg>
  );
}

/** A chart's frame: heading, the image with its name and description, and the table of its figures. */
function ChartBlock(props: {
  title: string;
  /** Said instead of the chart when there is nothing to draw. */
  empty?: string;
  speech: Speech;
  drawing: Child;
  legend?: Child;
  table: Child;
}) {
  return (
    <div class="stats-chart">
      <h3>{props.title}</h3>
      {props.empty ? (
        <p>{props.empty}</p>
      ) : (
        <>
          {props.drawing}
          {props.legend ?? null}
          <details class="details">
            <summary class="details-summary">{props.speech.t.stats.charts.showTable}</summary>
            <div class="details-text">{props.table}</div>
          </details>
        </>
      )}
    </div>
  );
}

/** A label centred under its column, unless it would run off an edge of the drawing: then flush with that edge. */
function labelPlace(middle: number, label: string): { x: string; "text-anchor": "start" | "middle" | "end" } {
  const half = (label.length * FONT * 0.56) / 2;
  if (middle + half > WIDTH - 1) return { x: n(WIDTH - 1), "text-anchor": "end" };
  if (middle - half < 1) return { x: "1", "text-anchor": "start" };
  return { x: n(middle), "text-anchor": "middle" };
}

interface Column {
  label?: string;
  value: number;
  shown: string;
}

/** Vertical columns from a common baseline, each with its number on top. */
function ColumnChart(props: {
  id: string;
  title: string;
  description: string;
  columns: Column[];
  whole: boolean;
  axisLabel?: string;
  speech: Speech;
}) {
  const { fmt } = props.speech;
  const left = 34;
  const right = 6;
  const top = 20;
  const plot = 150;
  const baseline = top + plot;
  const height = baseline + (props.axisLabel ? 44 : 26);
  const slot = (WIDTH - left - right) / props.columns.length;
  const bar = slot * 0.64;
  const scale = niceScale(Math.max(...props.columns.map((column) => column.value)), props.whole);
  const y = (value: number) => baseline - (value / scale.top) * plot;
  return (
    <svg
      class="stats-chart-image"
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {scale.ticks.map((tick) => (
        <g>
          <line
            x1={n(left)}
            x2={n(WIDTH - right)}
            y1={n(y(tick))}
            y2={n(y(tick))}
            stroke={tick === 0 ? COLOURS.axis : COLOURS.grid}
            stroke-width="1"
          />
          <text x={n(left - 5)} y={n(y(tick) + 4)} text-anchor="end" font-size={String(FONT)} fill={COLOURS.text}>
            {fmt.number(tick, 1)}
          </text>
        </g>
      ))}
      {props.columns.map((column, index) => {
        const middle = left + slot * (index + 0.5);
        const barTop = y(column.value);
        return (
          <g>
            {column.value > 0 ? (
              <rect
                x={n(middle - bar / 2)}
                y={n(barTop)}
                width={n(bar)}
                height={n(baseline - barTop)}
                fill={COLOURS.first}
              />
            ) : null}
            <text
              x={n(middle)}
              y={n(barTop - 4)}
              text-anchor="middle"
              font-size={String(SMALL)}
              font-weight="600"
              fill={COLOURS.text}
            >
              {column.shown}
            </text>
            {column.label ? (
              <text
                {...labelPlace(middle, column.label)}
                y={n(baseline + 18)}
                font-size={String(FONT)}
                fill={COLOURS.text}
              >
                {column.label}
              </text>
            ) : null}
          </g>
        );
      })}
      {props.axisLabel ? (
        <text
          x={n(left + (WIDTH - left - right) / 2)}
          y={n(baseline + 38)}
          text-anchor="middle"
          font-size={String(FONT)}
          fill={COLOURS.text}
        >
          {props.axisLabel}
        </text>
      ) : null}
    </svg>
  );
}

/** Weeks between two labels under the free-beds chart: 13 labels do not fit a phone. */
const WEEK_LABEL_EVERY = 3;

/** Free beds, on average per night, in each of the coming weeks. */
export function FreeBedsChart(props: { id: string; municipality: string; weeks: Series["weeks"]; speech: Speech }) {
  const { t, fmt } = props.speech;
  const w = t.stats.charts.weeks;
  const first = props.weeks[0]?.weekStart ?? "";
  return (
    <ChartBlock
      title={w.title}
      empty={props.weeks.every((week) => week.bedsFree === 0) ? w.empty : undefined}
      speech={props.speech}
      drawing={
        <ColumnChart
          id={props.id}
          title={w.title}
          description={w.description(first ? fmt.date(first) : "")}
          whole={false}
          axisLabel={w.axis}
          speech={props.speech}
          columns={props.weeks.map((week, index) => ({
            label: index % WEEK_LABEL_EVERY === 0 ? fmt.dayMonth(week.weekStart) : undefined,
            value: week.bedsFree,
            shown: fmt.number(week.bedsFree, 1),
          }))}
        />
      }
      table={
        <Table
          id={`${props.id}-table`}
          compact
          caption={w.caption(props.municipality)}
          head={[w.head.week, w.head.free]}
          rows={props.weeks.map((week) => [fmt.dateShort(week.weekStart), fmt.number(week.bedsFree, 1)])}
        />
      }
    />
  );
}

/** Housing requests opened and housed, each month of the period: two bars a month. */
export function RequestsByMonthChart(props: {
  id: string;
  municipality: string;
  months: Series["months"];
  speech: Speech;
}) {
  const { t, fmt } = props.speech;
  const m = t.stats.charts.months;
  const months = props.months;
  const firstMonth = months[0]?.month ?? "";
  const lastMonth = months.at(-1)?.month ?? "";
  const description = firstMonth ? m.description(fmt.month(firstMonth), fmt.month(lastMonth)) : "";
  const hatchId = `${props.id}-hatch`;
  const labelWidth = 72;
  const left = labelWidth + 6;
  const right = 26;
  const top = 6;
  const row = 40;
  const bar = 14;
  const gap = 4;
  const plot = WIDTH - left - right;
  const height = top + months.length * row + 26;
  const scale = niceScale(Math.max(...months.flatMap((month) => [month.opened, month.housed])), true);
  const x = (value: number) => left + (value / scale.top) * plot;
  const axisY = top + months.length * row;
  const drawing = (
    <svg
      class="stats-chart-image"
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
    >
      <title id={`${props.id}-title`}>{m.title}</title>
      <desc id={`${props.id}-desc`}>{description}</desc>
      <defs>
        <Hatch id={hatchId} />
      </defs>
      {scale.ticks.map((tick) => (
        <g>
          <line
            x1={n(x(tick))}
            x2={n(x(tick))}
            y1={n(top)}
            y2={n(axisY)}
            stroke={tick === 0 ? COLOURS.axis : COLOURS.grid}
            stroke-width="1"
          />
          <text x={n(x(tick))} y={n(axisY + 18)} text-anchor="middle" font-size={String(FONT)} fill={COLOURS.text}>
            {fmt.number(tick, 0)}
          </text>
        </g>
      ))}
      {months.map((month, index) => {
        const y0 = top + index * row + 4;
        const bars = [
          { value: month.opened, y: y0, hatched: false },
          { value: month.housed, y: y0 + bar + gap, hatched: true },
        ];
        return (
          <g>
            <text x={n(labelWidth)} y={n(y0 + bar + 5)} text-anchor="end" font-size={String(FONT)} fill={COLOURS.text}>
              {fmt.month(month.month, "short")}
            </text>
            {bars.map((entry) => (
              <g>
                {entry.value > 0 ? (
                  <rect
                    x={n(left)}
                    y={n(entry.y)}
                    width={n(x(entry.value) - left)}
                    height={String(bar)}
                    fill={entry.hatched ? `url(#${hatchId})` : COLOURS.first}
                    stroke={entry.hatched ? COLOURS.second : COLOURS.first}
                    stroke-width="1"
                  />
                ) : null}
                <text
                  x={n(x(entry.value) + 4)}
                  y={n(entry.y + bar - 2.5)}
                  font-size={String(SMALL)}
                  font-weight="600"
                  fill={COLOURS.text}
                >
                  {fmt.number(entry.value, 0)}
                </text>
              </g>
            ))}
          </g>
        );
      })}
    </svg>
  );
  const legend = (
    <ul class="chart-legend" aria-label={t.stats.charts.legend}>
      <li>
        <Swatch hatched={false} patternId={`${props.id}-legend-hatch`} />
        {m.opened}
      </li>
      <li>
        <Swatch hatched patternId={`${props.id}-legend-hatch`} />
        {m.housed}
      </li>
    </ul>
  );
  return (
    <ChartBlock
      title={m.title}
      empty={months.every((month) => month.opened === 0 && month.housed === 0) ? m.empty : undefined}
      speech={props.speech}
      drawing={drawing}
      legend={legend}
      table={
        <Table
          id={`${props.id}-table`}
          compact
          caption={m.caption(props.municipality)}
          head={[m.head.month, m.head.opened, m.head.housed]}
          rows={months.map((month) => [
            fmt.month(month.month),
            fmt.number(month.opened, 0),
            fmt.number(month.housed, 0),
          ])}
        />
      }
    />
  );
}

/** The bands' names: `0–7`, `8–14`, …, `over 90`. */
function bandLabels(speech: Speech, bands: Series["daysToHouse"]): string[] {
  const { t, fmt } = speech;
  const w = t.stats.charts.waits;
  let previous = -1;
  return bands.map((band) => {
    const label =
      band.upToDays === null
        ? w.over(fmt.number(previous, 0))
        : w.band(fmt.number(previous + 1, 0), fmt.number(band.upToDays, 0));
    previous = band.upToDays ?? previous;
    return label;
  });
}

/** How long the requests housed in the period waited, in bands of days. */
export function DaysToHouseChart(props: {
  id: string;
  municipality: string;
  bands: Series["daysToHouse"];
  speech: Speech;
}) {
  const { t, fmt } = props.speech;
  const w = t.stats.charts.waits;
  const labels = bandLabels(props.speech, props.bands);
  return (
    <ChartBlock
      title={w.title}
      empty={props.bands.every((band) => band.requests === 0) ? w.empty : undefined}
      speech={props.speech}
      drawing={
        <ColumnChart
          id={props.id}
          title={w.title}
          description={w.description}
          whole
          axisLabel={w.axis}
          speech={props.speech}
          columns={props.bands.map((band, index) => ({
            label: labels[index],
            value: band.requests,
            shown: fmt.number(band.requests, 0),
          }))}
        />
      }
      table={
        <Table
          id={`${props.id}-table`}
          compact
          caption={w.caption(props.municipality)}
          head={[w.head.band, w.head.requests]}
          rows={props.bands.map((band, index) => [w.bandDays(labels[index] ?? ""), fmt.number(band.requests, 0)])}
        />
      }
    />
  );
}
