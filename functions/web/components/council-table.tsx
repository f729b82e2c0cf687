/**
 * A DKFDS table that scrolls inside itself on a narrow screen, as
 * page-parts' Table, but with the scrolling box reachable by keyboard
 * (tabindex 0, as DKFDS's own responsive table has it) and named by the
 * caption, so that axe's scrollable-region-focusable holds for a table
 * without links. Used by the council and admin pages.
 */
import type { Child } from "hono/jsx";

export function ScrollTable(props: { caption: string; head: string[]; rows: Child[][]; captionHidden?: boolean }) {
  return (
    <section class="table--responsive-scroll" tabindex={0} aria-label={props.caption}>
      <table class="table">
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
              {row.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
