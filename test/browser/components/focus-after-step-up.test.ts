/**
 * Where focus goes once a link opens, in `<doc-viewer>` and `<guest-upload>` against the real
 * adapter. Regression: after the right access code or one-time code the code form went away and
 * focus fell back to <body> — the next Tab started at the top of the page, a screen reader lost its
 * place. It now goes to the share's (the upload request's) heading once that has loaded. A link
 * that opens without a code never takes focus: an embedded widget leaves the page's focus alone.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import '../../../src/components/doc-viewer/doc-viewer.js';
import '../../../src/components/guest-upload/guest-upload.js';
import type { StepUpInput } from '../../../src/protocol/index.js';
import { adapterClient, seedShare, seedUploadRequest } from '../helpers/adapter.js';
import { giveOneTimeCode, typeCode } from '../helpers/step-up.js';
import { focused, part, until, untilState } from '../helpers/widgets.js';

const ACCESS_CODE = 'BANK-2025-7';

/** A widget that opens a link, how to seed a link for it, and what its heading is the title of. */
interface LinkWidget {
  tag: 'doc-viewer' | 'guest-upload';
  heading: string;
  /** Seeds a link (asking for `stepUp`, if given); `email` is where its one-time codes go. */
  seed(stepUp?: StepUpInput): Promise<{ token: string; email: string }>;
}

let seq = 0;

const WIDGETS: LinkWidget[] = [
  {
    tag: 'doc-viewer',
    heading: "the share's",
    async seed(stepUp) {
      const email = `focus-${Date.now().toString(36)}-${++seq}@example.test`;
      const seeded = await seedShare({
        title: 'Unterlagen für die Bank',
        documents: [{ kind: 'text' }],
        recipients: [{ email, expiresInSeconds: 3600, locale: 'en' }],
        ...(stepUp ? { stepUp } : {}),
      });
      return { token: seeded.tokens[0]!, email };
    },
  },
  {
    tag: 'guest-upload',
    heading: "the upload request's",
    async seed(stepUp) {
      const seeded = await seedUploadRequest({ locale: 'en', title: 'Belege 2025', ...(stepUp ? { stepUp } : {}) });
      return { token: seeded.token, email: seeded.email };
    },
  },
];

/** A host page with a search field of its own before the widget, which opens `token`. */
async function showOnPage(tag: LinkWidget['tag'], token: string, focusField = false): Promise<{ widget: GuestkitLinkElement; field: HTMLInputElement }> {
  const page = await fixture<HTMLDivElement>(html`<div><label>Search the firm's site <input id="site-search" /></label></div>`);
  const field = page.querySelector('input')!;
  if (focusField) field.focus();
  const widget = document.createElement(tag) as GuestkitLinkElement;
  Object.assign(widget, { lang: 'en', token, client: adapterClient('en') });
  page.append(widget);
  return { widget, field };
}

/** An element by name (a failing comparison of two elements is slow to print). */
function named(element: Element | null | undefined): string {
  if (!element) return 'nothing';
  const part = element.getAttribute('part');
  return `<${element.localName}${element.id ? `#${element.id}` : ''}${part ? ` part="${part}"` : ''}>`;
}

/** Waits until the link is open and its heading (the share's, the upload request's) is shown. */
async function untilHeading(widget: GuestkitLinkElement): Promise<HTMLElement> {
  await untilState(widget, 'ready');
  await until(() => widget.shadowRoot!.querySelector('[part~="title"]'), 'the heading of what the link opened');
  await widget.updateComplete;
  return part(widget, 'title');
}

for (const { tag, heading, seed } of WIDGETS) {
  describe(`${tag}: focus once the link opens`, () => {
    it(`the right access code moves focus to ${heading} heading, and Tab goes on inside the widget (regression: it fell back to <body>)`, async function () {
      this.timeout(20_000);
      const { token } = await seed({ type: 'access_code', code: ACCESS_CODE });
      const { widget, field } = await showOnPage(tag, token);
      await untilState(widget, 'access-code');
      part(widget, 'code-input').focus();
      await typeCode(ACCESS_CODE);
      const title = await untilHeading(widget);
      expect(named(focused(widget)), 'focus in the widget').to.equal(named(title));
      expect(named(document.activeElement)).to.equal(named(widget));
      await expect(widget).to.be.accessible();

      // From the heading, Tab reaches the widget's first control, not the top of the page.
      await sendKeys({ press: 'Tab' });
      expect(named(document.activeElement), 'Tab from the heading').to.equal(named(widget));
      expect(document.activeElement === field, 'Tab from the heading went back to the top of the page').to.equal(false);
      expect(focused(widget)?.matches('button, input'), `a control after the heading, not ${named(focused(widget))}`).to.equal(true);
    });

    it(`the right one-time code moves focus to ${heading} heading (regression: it fell back to <body>)`, async function () {
      this.timeout(20_000);
      const { token, email } = await seed({ type: 'email_otp' });
      const { widget } = await showOnPage(tag, token);
      await untilState(widget, 'otp');
      await giveOneTimeCode(widget, email);
      const title = await untilHeading(widget);
      expect(named(focused(widget)), 'focus in the widget').to.equal(named(title));
      expect(named(document.activeElement)).to.equal(named(widget));
    });

    it('a link that opens without a code takes no focus: not from the page\'s own field, not from <body>', async function () {
      this.timeout(20_000);
      const typing = await showOnPage(tag, (await seed()).token, true);
      await untilHeading(typing.widget);
      expect(named(document.activeElement), 'focus stays in the page\'s field').to.equal(named(typing.field));
      expect(named(focused(typing.widget))).to.equal('nothing');

      (document.activeElement as HTMLElement | null)?.blur();
      const idle = await showOnPage(tag, (await seed()).token);
      await untilHeading(idle.widget);
      expect(named(document.activeElement), 'focus stays on the page').to.equal('<body>');
      expect(named(focused(idle.widget))).to.equal('nothing');
    });
  });
}
