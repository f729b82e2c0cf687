/**
 * A DKFDS table that scrolls inside itself on a narrow screen, as a region
 * a keyboard can reach (tabindex 0) and a screen reader can name (by its
 * caption): a scrolling box that cannot take focus cannot be scrolled
 * without a mouse (axe's scrollable-region-focusable).
 */
import type { Child } from "hono/jsx";

export function StaffTable(props: {
  id: string;
  caption: string;
  head: string[];
  rows: Child[][];
  captionHidden?: boolean;
}) {
  const captionId = `${props.id}-caption`;
  return (
    <div class="table--responsive-scroll" role="region" aria-labelledby={captionId} tabindex={0}>
      <table class="table" id={props.id}>
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
    </div>
  );
}
