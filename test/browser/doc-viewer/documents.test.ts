/**
 * `<doc-viewer>` against the real adapter: the list (name, type in words, size, "available
 * until"), an image shown natively, downloads byte-identical to the original, downloads turned
 * off, range requests answered with 206 and exactly those bytes, one "viewed" record per document,
 * and the locked state.
 */
import { expect } from '@open-wc/testing';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import { SHARE_ROUTES, shareRoute } from '../../../src/protocol/shares.js';
import { de } from '../../../src/components/translations/de.js';
import { adapterClient, ENDPOINT, seedUploadRequest } from '../helpers/adapter.js';
import { part, parts, text, until } from '../helpers/widgets.js';
import { openDocument, openShare, sha256, showViewer, untilPage } from './helpers.js';

/** Catches the `<a download>` the widget clicks (no file lands on disk) and returns its blob's bytes. */
function catchDownload(widget: Element): Promise<{ name: string; bytes: ArrayBuffer }> {
  return new Promise((resolve) => {
    const onClick = (event: Event): void => {
      const anchor = event.target;
      if (!(anchor instanceof HTMLAnchorElement) || !anchor.download) return;
      event.preventDefault();
      widget.shadowRoot!.removeEventListener('click', onClick, true);
      void fetch(anchor.href)
        .then((response) => response.arrayBuffer())
        .then((bytes) => resolve({ name: anchor.download, bytes }));
    };
    widget.shadowRoot!.addEventListener('click', onClick, true);
  });
}

describe('doc-viewer documents', () => {
  it('lists each document with its name, type in words and size, and says until when (en)', async () => {
    const { widget, seeded } = await openShare('en', { message: 'For the mortgage application.' });
    const names = parts(widget, 'document-name').map((node) => node.textContent?.trim());
    expect(names).to.deep.equal(['Kaufvertrag.pdf', 'Grundriss.png', 'Notizen.txt']);
    const metas = parts(widget, 'document-meta').map((node) => node.textContent?.trim() ?? '');
    expect(metas[0]).to.match(/^PDF document · [\d.]+ kB$/);
    expect(metas[1]).to.match(/^Image \(PNG\) · /);
    expect(metas[2]).to.match(/^Text file · \d+ byte/);
    expect(text(widget, 'message')).to.equal('For the mortgage application.');
    const until = widget.share!.availableUntil;
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(until));
    expect(text(widget, 'available-until')).to.equal(viewerEn['viewer.availableUntil']({ date }));
    // View for the PDF and the image; the text file is download-only.
    expect(parts(widget, 'open')).to.have.length(2);
    expect(parts(widget, 'download')).to.have.length(3);
    expect(seeded.documents[0]!.type).to.equal('application/pdf');
  });

  it('shows an image natively, from the authorised fetch', async () => {
    const { widget } = await openShare('de', { documents: [{ kind: 'image' }] });
    await openDocument(widget, 0);
    const image = await until(() => widget.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]'), 'the image');
    await until(() => image.complete && image.naturalWidth > 0, 'the image to decode');
    expect(image.naturalWidth).to.equal(96);
    expect(image.alt).to.equal('Grundriss.png');
    expect(image.src).to.match(/^blob:/);
  });

  it('a damaged PDF says it could not be shown, and reports invalid_response — not a network failure — and the link stays open', async function () {
    this.timeout(20_000);
    const { widget } = await openShare('de', { documents: [{ kind: 'pdfDamaged' }] });
    const errors: string[] = [];
    widget.addEventListener('gk-error', (event) => errors.push(event.code));
    await openDocument(widget, 0);
    await until(() => errors.length > 0, 'gk-error for the damaged PDF', 15_000);
    expect(errors).to.deep.equal(['invalid_response']);
    await until(() => widget.shadowRoot!.querySelector('[part~="document-error"]'), 'the failure panel');
    expect(widget.shadowRoot!.querySelector('[part~="document-error"]')!.textContent).to.contain(viewerDe['viewer.loadFailed']);
    expect(widget.state).to.equal('ready');
  });

  it('downloads the original bytes (SHA-256 identical) and tells the host', async () => {
    const { widget, seeded } = await openShare('de');
    const events: string[] = [];
    widget.addEventListener('gk-download', (event) => events.push(`${event.document.name}:${event.bytes}`));
    for (const [index, document] of seeded.documents.entries()) {
      const caught = catchDownload(widget);
      parts<HTMLButtonElement>(widget, 'download')[index]!.click();
      const { name, bytes } = await caught;
      expect(name).to.equal(document.name);
      expect(await sha256(bytes)).to.equal(document.sha256);
      expect(bytes.byteLength).to.equal(document.size);
    }
    await until(() => events.length === 3, 'three gk-download events');
    expect(text(widget, 'announcer')).to.equal(viewerDe['viewer.downloaded']({ name: 'Notizen.txt' }));
  });

  it('offers no download when the firm turned it off, and the adapter refuses the attachment', async () => {
    const { widget, seeded } = await openShare('de', { allowDownload: false });
    expect(parts(widget, 'download')).to.have.length(0);
    expect(text(widget, 'view-only')).to.equal(viewerDe['viewer.viewOnly']);
    expect(text(widget, 'document-note')).to.equal(viewerDe['viewer.noPreviewNoDownload']);
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    expect(parts(widget, 'download')).to.have.length(0);
    expect(widget.shadowRoot!.textContent).not.to.match(/drucken|print/i);

    const link = await adapterClient('de').openLink(seeded.tokens[0]!);
    const refused = await fetch(`${ENDPOINT}${shareRoute(SHARE_ROUTES.download, seeded.documents[0]!.id)}`, {
      headers: { authorization: await link.authorization() },
    });
    expect(refused.status).to.equal(403);
    expect(((await refused.json()) as { code: string }).code).to.equal('download_disabled');
  });

  it('answers Range: bytes=0-1023 with 206 and exactly those bytes', async () => {
    const { seeded } = await openShare('en', { documents: [{ kind: 'pdf30' }] });
    const [document] = seeded.documents;
    const link = await adapterClient('en').openLink(seeded.tokens[0]!);
    const url = `${ENDPOINT}${shareRoute(SHARE_ROUTES.content, document!.id)}`;
    const authorization = await link.authorization();
    const whole = new Uint8Array(await (await fetch(url, { headers: { authorization } })).arrayBuffer());
    expect(await sha256(whole)).to.equal(document!.sha256);
    const ranged = await fetch(url, { headers: { authorization, range: 'bytes=0-1023' } });
    expect(ranged.status).to.equal(206);
    expect(ranged.headers.get('content-range')).to.equal(`bytes 0-1023/${document!.size}`);
    const bytes = new Uint8Array(await ranged.arrayBuffer());
    expect(bytes.length).to.equal(1024);
    expect([...bytes]).to.deep.equal([...whole.subarray(0, 1024)]);
  });

  it('records "viewed" once per document, however often it is opened', async function () {
    this.timeout(20_000);
    const { widget, seeded } = await openShare('en', { documents: [{ kind: 'pdf30' }] });
    const opened: string[] = [];
    widget.addEventListener('gk-document-open', (event) => opened.push(event.document.id));
    const viewed = shareRoute(SHARE_ROUTES.viewed, seeded.documents[0]!.id);
    const posts = (): number => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith(viewed)).length;
    const before = posts();
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    part<HTMLButtonElement>(widget, 'back').click();
    await widget.updateComplete;
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    expect(opened).to.deep.equal([seeded.documents[0]!.id, seeded.documents[0]!.id]);
    expect(posts() - before).to.equal(1);
  });

  it('shows the locked state without document controls, and the adapter keeps the bytes back', async () => {
    const { widget, seeded } = await openShare('de', { locked: true });
    expect(text(widget, 'locked-title')).to.equal(viewerDe['viewer.locked.title']);
    expect(text(widget, 'locked-message')).to.equal(viewerDe['viewer.locked.message']);
    // Which invoice: the one the firm named when it shared.
    expect(widget.share!.locked?.invoiceId).to.match(/^inv-\d+$/);
    expect(text(widget, 'locked-invoice')).to.equal(viewerDe['viewer.locked.invoice']({ invoice: widget.share!.locked!.invoiceId }));
    // The adapter may list what will come (names only) or nothing; either way there are no controls.
    expect(parts(widget, 'document')).to.have.length(widget.share!.documents.length);
    expect(parts(widget, 'open')).to.have.length(0);
    expect(parts(widget, 'download')).to.have.length(0);
    const link = await adapterClient('de').openLink(seeded.tokens[0]!);
    const response = await fetch(`${ENDPOINT}${shareRoute(SHARE_ROUTES.content, seeded.documents[0]!.id)}`, {
      headers: { authorization: await link.authorization() },
    });
    expect(response.status).to.equal(402);
    expect(((await response.json()) as { code: string }).code).to.equal('document_locked');
  });

  it('an upload link opened in the viewer says the link does not allow this, without a "try again" that cannot help', async () => {
    const { token } = await seedUploadRequest({ locale: 'de' });
    const widget = await showViewer(token, 'de');
    await until(() => widget.shadowRoot!.querySelector('[part~="state-error"]'), 'the refusal', 10_000);
    expect(text(widget, 'state-message')).to.equal(de['code.scope_forbidden']);
    expect(widget.shadowRoot!.querySelector('[part~="state-action"]'), 'no "try again"').to.equal(null);
    await expect(widget).to.be.accessible();
  });
});
