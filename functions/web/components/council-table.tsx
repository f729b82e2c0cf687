/**
 * A DKFDS table for the council and admin pages that stacks its rows on a
 * narrow screen (DKFDS's "table--responsive-headers": below 768 px each
 * cell shows its column's heading before it; an empty cell shows no heading), so a phone neither scrolls
 * sideways nor hides columns off to the right.
 */
import type { Child } from "hono/jsx";

export function StackedTable(props: { caption: string; head: string[]; rows: Child[][]; captionHidden?: boolean }) {
  return (
    <table class="table table--responsive-headers">
      <caption class={props.captionHidden ? "sr-only" : undefined}>{props.caption}</caption>
      <thead>
        <tr>
          {props.head.map((heading) => (
            <th scope="col">{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            {row.map((cell, index) => (
              <td data-title={cell === "" ? undefined : props.head[index]}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
