// The "Share / Embed" dialog: the link to the current view, a ready-to-paste
// iframe for one panel, the host page's <script src> line of embed.js, the
// same embed as an <actlab-panel> element, and a live preview of the embed
// (sized by the same height messages, from its own frame only).
import { el } from '../ui/dom.js';
import { VIEWS } from '../shell/state-schema.js';
import { t } from '../i18n/translate.js';
import { elementSnippet, embedScriptUrl, embedUrl, iframeSnippet, pageUrl, resizeScript } from './embed-snippet.js';

let preview = null; // the preview iframe of the open dialog
let listening = false;

// Sizes the preview from its height messages (same origin, from its own window only).
function onMessage(event) {
  if (!preview || event.origin !== location.origin || event.source !== preview.contentWindow) return;
  const height = Number(event.data?.type === 'actlab:height' ? event.data.height : NaN);
  if (Number.isFinite(height) && height > 0) preview.style.height = `${Math.min(Math.ceil(height), 10000)}px`;
}

// Copies the text of field (an input or textarea), or selects it when the clipboard refuses.
async function copyField(field, status) {
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = t('codeCopied');
  } catch {
    field.focus();
    field.select();
    status.textContent = t('codeCopyFailed');
  }
}

// A labelled read-only field (input or textarea) with its copy button.
function copyableField(id, labelKey, value, multiline, status) {
  const field = multiline
    ? el('textarea', { id, readOnly: true, rows: value.split('\n').length, spellcheck: false, value })
    : el('input', { id, type: 'text', readOnly: true, value });
  const button = el('button', { type: 'button', className: 'copy-code', id: `${id}-copy`, textContent: t('copy') });
  button.setAttribute('aria-label', t('copyWhat', { what: t(labelKey) }));
  button.addEventListener('click', () => copyField(field, status));
  return el('div', { className: 'share-field' }, el('label', { htmlFor: id, textContent: t(labelKey) }), el('div', { className: 'share-row' }, field, button));
}

/** Opens the dialog for hooks.state() (built anew each time, so it shows the current view and language). */
export function openShareDialog({ schema, state }) {
  document.getElementById('share-dialog')?.remove();
  if (!listening) addEventListener('message', onMessage);
  listening = true;
  const current = structuredClone(state());
  const status = el('p', { className: 'hint', id: 'share-status', attrs: { role: 'status' } });
  const select = el('select', { id: 'share-view' }, ...VIEWS.map((name) => el('option', { value: name, textContent: t(`tab_${name}`) })));
  select.value = current.view;
  const embedBox = el('div');
  preview = el('iframe', { id: 'share-preview', className: 'share-preview' });

  // The snippet and the preview for the chosen panel.
  function fill() {
    const url = embedUrl(current, schema, select.value);
    const title = t('embedTitle', { view: t(`tab_${select.value}`) });
    embedBox.replaceChildren(
      copyableField('share-iframe', 'embedCode', iframeSnippet(url, title), true, status),
      copyableField('share-script', 'embedScript', resizeScript(embedScriptUrl()), false, status),
      copyableField('share-element', 'embedElement', elementSnippet(current, schema, select.value), true, status),
    );
    preview.title = t('embedPreviewTitle', { title });
    preview.src = url;
  }
  select.addEventListener('change', fill);

  const close = el('button', { type: 'button', className: 'share-close', textContent: t('close') });
  const dialog = el('dialog', { id: 'share-dialog', className: 'share-dialog', attrs: { 'aria-labelledby': 'share-title' } },
    el('div', { className: 'share-head' }, el('h2', { id: 'share-title', textContent: t('shareTitle') }), close),
    copyableField('share-link', 'shareLink', pageUrl(current, schema), false, status),
    el('div', { className: 'share-field' }, el('label', { htmlFor: select.id, textContent: t('embedPanel') }), select),
    embedBox,
    el('p', { className: 'hint', textContent: t('embedProtocol', { origin: location.origin }) }),
    status,
    el('h3', { textContent: t('embedPreview') }),
    preview);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    preview = null;
    document.getElementById('share-embed')?.focus();
  });
  document.body.append(dialog);
  fill();
  dialog.showModal();
  return dialog;
}
