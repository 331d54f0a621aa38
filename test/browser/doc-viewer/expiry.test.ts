/**
 * Per-recipient expiry: one share, two recipients, one of whose links has run out. The other
 * still sees the documents; the expired one sees the expired state, and "send me a fresh link"
 * mails a new link to that recipient only.
 */
import { expect } from '@open-wc/testing';
import { linkStateDe } from '../../../src/components/base/link-state-strings.js';
import { advanceServerClock, outbox, seedShare, waitForMail } from '../helpers/adapter.js';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import { part, parts, text, until, untilState } from '../helpers/widgets.js';
import { openDocument, recipient, showViewer, untilPage } from './helpers.js';

describe('doc-viewer with one recipient expired', () => {
  it('shows the documents to one, the expired state to the other, and mails only the other a fresh link', async function () {
    this.timeout(20_000);
    const lender = recipient('lender');
    const lawyer = recipient('lawyer');
    const seeded = await seedShare({
      documents: [{ kind: 'pdf30' }],
      recipients: [
        { email: lender, expiresInSeconds: 3600, locale: 'de' },
        { email: lawyer, expiresInSeconds: 60, locale: 'de' },
      ],
    });
    await advanceServerClock(61);

    const valid = await showViewer(seeded.tokens[0]!, 'de');
    await untilState(valid, 'ready');
    await until(() => valid.share, 'the share');
    await valid.updateComplete;
    expect(parts(valid, 'document-name').map((node) => node.textContent?.trim())).to.deep.equal(['Kaufvertrag.pdf']);

    const expired = await showViewer(seeded.tokens[1]!, 'de');
    await untilState(expired, 'expired');
    expect(text(expired, 'state-title')).to.equal(linkStateDe['expired.title']);
    expect(text(expired, 'state-action')).to.equal(linkStateDe['expired.action']);
    expect(expired.shadowRoot!.querySelector('[part~="document"]')).to.equal(null);

    part<HTMLButtonElement>(expired, 'state-action').click();
    await until(() => text(expired, 'state-notice') === linkStateDe['expired.sent'], 'the confirmation');
    const { mail, match: fresh } = await waitForMail(lawyer, /#gk=(gk_view_\w+)/);
    expect(mail.to).to.equal(lawyer);
    expect(await outbox(lender)).to.deep.equal([]);

    // The fresh link opens the same share for the lawyer.
    expired.token = fresh;
    await untilState(expired, 'ready');
    await until(() => expired.share, 'the share on the fresh link');
    expect(expired.share!.title).to.equal(valid.share!.title);
  });

  it('a link that runs out with the page open: the next download shows the expired state, and its fresh link opens the share', async function () {
    this.timeout(20_000);
    const reader = recipient('reader');
    const seeded = await seedShare({ documents: [{ kind: 'pdf30' }], recipients: [{ email: reader, expiresInSeconds: 120, locale: 'de' }] });
    const viewer = await showViewer(seeded.tokens[0]!, 'de');
    await untilState(viewer, 'ready');
    await until(() => viewer.shadowRoot!.querySelector('[part~="download"]'), 'the download button');
    const errors: string[] = [];
    viewer.addEventListener('gk-error', (event) => errors.push((event as GuestkitErrorEvent).code));
    await advanceServerClock(121);

    part<HTMLButtonElement>(viewer, 'download').click();
    await untilState(viewer, 'expired');
    expect(text(viewer, 'state-title')).to.equal(linkStateDe['expired.title']);
    expect(errors).to.deep.equal(['link_expired']);
    part<HTMLButtonElement>(viewer, 'state-action').click();
    await until(() => text(viewer, 'state-notice') === linkStateDe['expired.sent'], 'the confirmation');
    const { match: fresh } = await waitForMail(reader, /#gk=(gk_view_\w+)/);
    viewer.token = fresh;
    await untilState(viewer, 'ready');
    await until(() => viewer.share, 'the share on the fresh link');
  });

  it('turning to a page not yet fetched after the link ran out shows the expired state', async function () {
    this.timeout(30_000);
    const reader = recipient('pager');
    const seeded = await seedShare({ documents: [{ kind: 'pdfLarge' }], recipients: [{ email: reader, expiresInSeconds: 120, locale: 'de' }] });
    const viewer = await showViewer(seeded.tokens[0]!, 'de');
    await untilState(viewer, 'ready');
    await until(() => viewer.shadowRoot!.querySelector('[part~="open"]'), 'the document');
    await openDocument(viewer, 0);
    await untilPage(viewer, 1, 30_000);
    const errors: string[] = [];
    viewer.addEventListener('gk-error', (event) => errors.push((event as GuestkitErrorEvent).code));
    await advanceServerClock(121);

    const input = part<HTMLInputElement>(viewer, 'page-input');
    input.value = '32'; // its bytes were never fetched: pdf.js asks for a range now
    input.dispatchEvent(new Event('change'));
    await untilState(viewer, 'expired');
    expect(text(viewer, 'state-title')).to.equal(linkStateDe['expired.title']);
    expect(errors[0]).to.equal('link_expired');
  });
});
