/** What the page areas are built with: the domain services, never the API over HTTP. */
import type { Services } from "../api/services";

export interface PageDeps {
  services: Services;
}
