// Modal dialogs on the native <dialog> element: showModal() makes the rest of the page inert (the focus trap),
// Escape cancels, and focus returns to the control that opened the dialog.
import {h} from './dom.js';

/**
 * Opens a form dialog. fields: [{name, label, type?, required?, value?, options?, hint?, autocomplete?}].
 * onSubmit(values) may throw to keep the dialog open with the error shown; resolves to its result, or null when
 * the dialog was cancelled.
 */
export function formDialog({title, description, fields, submitLabel = 'Save', danger = false, onSubmit}) {
  const opener = document.activeElement;
  return new Promise(resolve => {
    const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const inputs = fields.map(field => fieldControl(field));
    const submit = h('button', {type: 'submit', class: danger ? 'button danger' : 'button'}, submitLabel);
    const cancel = h('button', {type: 'button', class: 'button secondary'}, 'Cancel');
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const form = h('form', {method: 'dialog', novalidate: true},
      h('h2', {id: titleId}, title),
      description ? h('p', {class: 'dialog-text'}, description) : null,
      inputs.map(i => i.wrapper), error,
      h('div', {class: 'dialog-actions'}, cancel, submit));
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': titleId}, form);
    let result = null;
    const close = () => dialog.close();
    cancel.addEventListener('click', close);
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(result);
    });
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const values = {};
      for (const {field, input} of inputs) {
        values[field.name] = input.value.trim();
        if (field.required && !values[field.name]) {
          showError(error, `${field.label} is required.`);
          input.focus();
          return;
        }
      }
      submit.disabled = true;
      try {
        result = (await onSubmit(values)) ?? true;
        close();
      } catch (e) {
        showError(error, e.message);
      } finally {
        submit.disabled = false;
      }
    });
    dialog.addEventListener('keydown', event => trapTab(dialog, event));
    document.body.append(dialog);
    dialog.showModal();
    (inputs[0] ? inputs[0].input : submit).focus();
  });
}

/** A confirmation that requires a reason (for actions with consequences on site); resolves to the reason or null. */
export function confirmWithReason({title, description, confirmLabel, action}) {
  return formDialog({
    title, description, submitLabel: confirmLabel, danger: true,
    fields: [{name: 'reason', label: 'Reason (recorded in the audit log)', required: true, type: 'textarea'}],
    onSubmit: async values => {
      await action(values.reason);
      return values.reason;
    },
  });
}

function fieldControl(field) {
  const id = `f-${field.name}-${Math.random().toString(36).slice(2)}`;
  let input;
  if (field.options) {
    input = h('select', {id, name: field.name},
      field.options.map(o => h('option', {value: o, selected: o === field.value}, o)));
  } else if (field.type === 'textarea') {
    input = h('textarea', {id, name: field.name, rows: 3});
  } else {
    input = h('input', {id, name: field.name, type: field.type || 'text', value: field.value,
      autocomplete: field.autocomplete || 'off', required: field.required, spellcheck: 'false'});
  }
  const hintId = field.hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  const wrapper = h('div', {class: 'field'},
    h('label', {for: id}, field.label),
    input,
    field.hint ? h('p', {class: 'hint', id: hintId}, field.hint) : null);
  return {field, input, wrapper};
}

/** Tab from the last control wraps to the first (and Shift+Tab back): focus never leaves an open dialog. */
function trapTab(dialog, event) {
  if (event.key !== 'Tab') return;
  const focusable = [...dialog.querySelectorAll('input, select, textarea, button, a[href]')]
    .filter(el => !el.disabled && !el.hidden && el.offsetParent !== null);
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

function showError(el, text) {
  el.textContent = text;
  el.hidden = false;
}
