// The "copy link" button: copies the current URL, or selects it in a text box
// when the clipboard is not available.
import { t } from '../i18n/translate.js';

/** Wires button; status shows the outcome; box/boxLabel are the fallback text field. */
export function wireCopyLink(button, status, box, boxLabel) {
  button.disabled = false;
  button.addEventListener('click', async () => {
    const href = location.href;
    try {
      await navigator.clipboard.writeText(href);
      status.textContent = t('linkCopied');
      boxLabel.hidden = true;
    } catch {
      box.value = href;
      boxLabel.hidden = false;
      box.focus();
      box.select();
      status.textContent = t('linkCopyFailed');
    }
  });
}
