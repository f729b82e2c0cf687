/**
 * A DKFDS table that scrolls inside itself on a narrow screen, as a region
 * a keyboard can reach (tabindex 0) and a screen reader can name (by its
 * caption; a named section is a region): a scrolling box that cannot take focus cannot be scrolled
 * without a mouse (axe's scrollable-region-focusable).
 */
import type { Child } from "hono/jsx";

export function StaffTable(props: {
  id: string;
  caption: string;
  head: string[];
  rows: Child[][];
  captionHidden?: boolean;
  /** DKFDS table--compact: less padding, so narrow tables fit a phone. */
  compact?: boolean;
}) {
  const captionId = `${props.id}-caption`;
  return (
    <section class="table--responsive-scroll" aria-labelledby={captionId} tabindex={0}>
      <table class={props.compact ? "table table--compact" : "table"} id={props.id}>
        <caption id={captionId} class={props.captionHidden ? "sr-only" : undefined}>
          {props.caption}
        </caption>
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
