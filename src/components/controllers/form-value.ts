/** Form association for a widget whose value is a list of ids (`<guest-upload>`'s received files). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The element a `FormValueController` serves: a form-associated custom element (`static formAssociated = true`). */
export type FormValueHost = ReactiveControllerHost & HTMLElement;

/** What the controller reads from its host after every render. */
export interface FormValueOptions {
  /** The name the ids are submitted under (nothing is submitted without one). */
  name(): string;
  /** The ids a surrounding form submits, one entry each. */
  value(): readonly string[];
  /** Whether the form is invalid while there is no value. */
  required(): boolean;
  /** What the browser says about a missing value (may be `''` before the widget's words have loaded). */
  missing(): string;
  /** Where the browser points when it reports the missing value. */
  anchor(): HTMLElement | undefined;
}

/**
 * Keeps the host's form value and validity in step with its state: after every render the ids go
 * to the form (as `FormData`, one entry per id) and a required control without any is
 * `valueMissing`. The host exposes `internals` through the usual form-control properties.
 */
export class FormValueController implements ReactiveController {
  /** The host's `ElementInternals` (for `form`, `validity`, `checkValidity()`, …). */
  readonly internals: ElementInternals;
  readonly #options: FormValueOptions;

  constructor(host: FormValueHost, options: FormValueOptions) {
    this.internals = host.attachInternals();
    this.#options = options;
    host.addController(this);
  }

  hostUpdated(): void {
    const { name, value, required, missing, anchor } = this.#options;
    const ids = value();
    const data = new FormData();
    for (const id of ids) data.append(name(), id);
    this.internals.setFormValue(name() && ids.length > 0 ? data : null);
    // Invalid from the first render on; setValidity refuses an empty message, so until the words
    // have loaded an ellipsis stands in.
    if (required() && ids.length === 0) this.internals.setValidity({ valueMissing: true }, missing() || '…', anchor());
    else this.internals.setValidity({});
  }
}
