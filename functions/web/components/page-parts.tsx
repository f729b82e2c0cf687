/** DKFDS page parts: alerts, tabs, cursor pagination, step indicator, facts lists, tables. */
import type { Child } from "hono/jsx";
import type { Messages } from "../i18n";

export type AlertKind = "info" | "success" | "warning" | "error";

/** A DKFDS alert; `live` makes screen readers announce it (a change that just happened). */
export function Alert(props: { kind: AlertKind; heading?: string; children?: Child; live?: boolean }) {
  return (
    <div class={`alert alert-${props.kind}`} role={props.live ? "status" : undefined}>
      <div class="alert-body">
        {props.heading ? <p class="alert-heading">{props.heading}</p> : null}
        {props.children ? <div class="alert-text">{props.children}</div> : null}
      </div>
    </div>
  );
}

export interface Tab {
  label: string;
  href: string;
  current: boolean;
}

/** Tabs as navigation between views of one list (DKFDS "tabs-navigation"). */
export function Tabs({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    <nav class="tab-container" aria-label={label}>
      <ul class="tab-list">
        {tabs.map((tab) => (
          <li>
            <a href={tab.href} class="tab-button" aria-current={tab.current ? "page" : undefined}>
              <span>{tab.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Paging by opaque cursor: the lists only know the next page, so the links
 * are "first page" (when not on it) and "next page" (when there is one).
 * `href(cursor)` builds the link with the page's other query parameters.
 */
export function CursorPagination(props: {
  t: Messages;
  nextCursor: string | null;
  onFirstPage: boolean;
  href: (cursor?: string) => string;
}) {
  if (!props.nextCursor && props.onFirstPage) return null;
  return (
    <nav class="pagination" aria-label={props.t.pagination}>
      {props.onFirstPage ? null : (
        <a href={props.href()} class="button button-arrow button-previous">
          <span class="pagination-nav-link">{props.t.firstPage}</span>
        </a>
      )}
      {props.nextCursor ? (
        <a href={props.href(props.nextCursor)} class="button button-arrow button-next">
          <span class="pagination-nav-link">{props.t.nextPage}</span>
        </a>
      ) : null}
    </nav>
  );
}

/** Where the user is in a step form: "Trin 2 af 3" and the steps' names. */
export function StepIndicator({ t, steps, current }: { t: Messages; steps: string[]; current: number }) {
  return (
    <nav aria-label={t.stepIndicator}>
      <p class="step-subheading">{t.stepOf(current, steps.length)}</p>
      <ol class="step-indicator d-none d-md-flex">
        {steps.map((title, index) => {
          const step = index + 1;
          const state = step < current ? "done" : step === current ? "current" : "disabled";
          return (
            <li class={state === "current" ? "current" : state === "disabled" ? "disabled" : undefined}>
              <div class="step" aria-current={state === "current" ? "step" : undefined}>
                <span class="step-number">
                  <span>{step}</span>
                </span>
                <div>
                  <span class="step-title">
                    {title}
                    {state === "done" ? <span class="sr-only"> ({t.stepDone(step)})</span> : null}
                  </span>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Facts as a description list: label, value. */
export function Facts({ items }: { items: [label: string, value: Child][] }) {
  return (
    <dl class="facts">
      {items.map(([label, value]) => (
        <div class="facts-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A DKFDS table that scrolls inside itself on a narrow screen, as a region a
 * keyboard can reach (tabindex 0) and a screen reader can name (by its
 * caption): a scrolling box that cannot take focus cannot be scrolled without
 * a mouse (axe's scrollable-region-focusable).
 */
export function Table(props: {
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
