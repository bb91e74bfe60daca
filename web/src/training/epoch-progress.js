// The epoch progress bar under the status line: a <progress> with its text,
// fed by the worker's progress messages ({ stage, epoch, done, total } while
// training, plus { measured, measures } while evaluating, and only those
// while the set-up measures the untrained networks), so that a long
// CNN epoch shows it is alive. Pure text and attributes; no layout work
// unless a number changed.
import { el, setAttr, setText } from '../ui/dom.js';
import { t } from '../i18n/translate.js';

const format = (n) => Math.round(n).toLocaleString('en-US');

/** Where an epoch is, from a progress message: { key, vars, value, max } for the bar, or null when there is nothing to show. */
export function progressOf(message) {
  if (message?.stage === 'evaluating' && !message.total && message.measures > 0) { // the set-up measuring the untrained networks
    return { key: 'tProgressPreparing', vars: { s: format(message.measured), n: format(message.measures) }, value: message.measured, max: message.measures };
  }
  if (!message?.total) return null;
  if (message.stage === 'evaluating' && message.measures > 0) {
    return { key: 'tProgressMeasuring', vars: { e: message.epoch, s: format(message.measured), n: format(message.measures) }, value: message.measured, max: message.measures };
  }
  if (message.stage !== 'training') return null;
  return { key: 'tProgressTraining', vars: { e: message.epoch, s: format(message.done), n: format(message.total) }, value: message.done, max: message.total };
}

/** Builds the bar in box (hidden until shown); returns show(message or null). */
export function createEpochProgress(box) {
  const text = el('span', { id: 't-progress-text', className: 't-progress-text' });
  const bar = el('progress', { id: 't-progress', max: 1, value: 0, attrs: { 'aria-describedby': text.id } });
  box.append(bar, text);
  return function show(message) {
    const where = progressOf(message);
    box.hidden = !where;
    if (!where) {
      if (bar.value !== 0) bar.value = 0;
      return;
    }
    const words = t(where.key, where.vars);
    setAttr(bar, 'aria-label', t('tProgressLabel'));
    if (bar.max !== where.max) bar.max = where.max;
    if (bar.value !== where.value) bar.value = where.value;
    setAttr(bar, 'aria-valuetext', words);
    setText(text, words);
  };
}
