// Provisioning dialogs (roles with meters.write only): add a PSK meter, change its region, delete it.
import {api} from '../api.js';
import {describe} from '../dom.js';
import {formDialog} from '../dialog.js';

const MODELS = ['KPM31', 'KPM33', 'KPM37'];

/** Resolves to the created meter, or null when cancelled. */
export function addMeterDialog() {
  return formDialog({
    title: 'Add meter',
    description: 'Provision a meter with a pre-shared key. The key is stored encrypted and never shown again.',
    submitLabel: 'Add meter',
    fields: [
      {name: 'id', label: 'Meter id (LwM2M endpoint)', required: true, hint: 'For example urn:imei:861234567890123'},
      {name: 'model', label: 'Model', options: MODELS, value: MODELS[0]},
      {name: 'region', label: 'Region', required: true, hint: 'For example north/feeder-07'},
      {name: 'identity', label: 'PSK identity', required: true},
      {name: 'key', label: 'PSK key (hex, 16–64 bytes)', required: true, type: 'password'},
    ],
    onSubmit: values => run(() => api.post('/meters', {
      id: values.id, model: values.model, region: values.region,
      security: {mode: 'psk', identity: values.identity, key: values.key},
    })),
  });
}

export function editRegionDialog(meter) {
  return formDialog({
    title: 'Change region',
    submitLabel: 'Save region',
    fields: [{name: 'region', label: 'Region', required: true, value: meter.region}],
    onSubmit: values => run(() => api.patch(`/meters/${api.seg(meter.id)}`, {region: values.region})),
  });
}

export function deleteMeterDialog(meter) {
  return formDialog({
    title: 'Delete meter',
    description: `Delete ${meter.id}? Its credentials are revoked at once, its live session drops and its readings `
      + 'are removed. This cannot be undone.',
    submitLabel: 'Delete meter',
    danger: true,
    fields: [],
    onSubmit: () => run(() => api.del(`/meters/${api.seg(meter.id)}`)),
  });
}

async function run(call) {
  try {
    return await call();
  } catch (e) {
    throw new Error(describe(e));
  }
}
