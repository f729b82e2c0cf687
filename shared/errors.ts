/**
 * Domain errors. They say what went wrong in the product's terms and carry no
 * HTTP status: the API's error handler is the one place that maps them.
 */
export interface FieldIssue {
  /** Dot-joined path of the offending field, e.g. `address.postalCode`. */
  path: string;
  message: string;
  /**
   * What kind of rule failed, for clients that word the message themselves
   * (the web app's catalogues); `message` stays the English wording.
   */
  code?: FieldRule;
}

/** The cross-field rules the domain checks beyond what a schema can see. */
export type FieldRule =
  | "not_after_start"
  | "window_too_long"
  | "window_in_past"
  | "stay_too_long"
  | "in_past"
  | "period_too_long"
  | "ends_before_start";

export abstract class DomainError extends Error {
  abstract readonly kind: string;
}

/** The caller is not signed in, or the token is not valid. */
export class Unauthenticated extends DomainError {
  readonly kind = "unauthenticated";
}

/** The caller's role may never use this operation. */
export class Forbidden extends DomainError {
  readonly kind = "forbidden";
}

/** The object does not exist, or the caller may not see it. */
export class NotFound extends DomainError {
  readonly kind = "not-found";
  constructor(what: string) {
    super(`${what} was not found`);
  }
}

/** The input is invalid; `issues` name the fields. */
export class ValidationFailed extends DomainError {
  readonly kind = "validation";
  constructor(
    readonly issues: FieldIssue[],
    message = "The request is not valid",
  ) {
    super(message);
  }
}

/** The object's state, or free capacity, does not allow the operation. */
export class Conflict extends DomainError {
  readonly kind = "conflict";
}

/** `If-Match` named a version that is no longer current. */
export class VersionMismatch extends DomainError {
  readonly kind = "version-mismatch";
  constructor(readonly currentVersion?: number) {
    super("The resource has changed since that version");
  }
}

/** An idempotency key was reused with another body. */
export class IdempotencyKeyReused extends DomainError {
  readonly kind = "idempotency-key-reused";
  constructor() {
    super("This Idempotency-Key was already used with another request body");
  }
}

/** An idempotent request with the same key is still being processed. */
export class IdempotencyInProgress extends DomainError {
  readonly kind = "idempotency-in-progress";
  constructor() {
    super("A request with this Idempotency-Key is still in progress");
  }
}

/**
 * A conditional write found the object changed since it was read. Services
 * turn it into a retry, or into VersionMismatch when the client named a version.
 */
export class ConcurrentChange extends DomainError {
  readonly kind = "conflict";
  constructor() {
    super("The object changed while this request was processed");
  }
}
