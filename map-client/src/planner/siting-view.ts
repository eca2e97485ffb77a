// The siting form (model, count or target, candidates) and its outcome: progress, error, or the
// proposals, each nameable, flyable and acceptable one by one, and "accept all".
import { el, uniqueId } from '../controls/dom.ts';
import { formatNumber, formatPercent, t, type Lang } from '../i18n.ts';
import type { AppState } from '../state.ts';
import { field } from './field.ts';
import type { PlannerContext } from './planner-context.ts';

/** A proposal's default name: its rank and the street it lies in. */
export function proposalName(rank: number, lon: number, lat: number, lang: Lang, placeAt: ((lon: number, lat: number) => string | null) | undefined): string {
  const place = placeAt?.(lon, lat);
  const base = t(lang, 'siting.defaultName', { rank: String(rank) });
  return place ? `${base} · ${place.split(' · ')[0]}` : base;
}

export function sitingSection(state: AppState, ctx: PlannerContext): HTMLElement {
  const { lang } = state;
  const { form: values, siting } = ctx.panel;
  const ids = { model: uniqueId('lc-siting-model'), count: uniqueId('lc-siting-count'), candidates: uniqueId('lc-siting-candidates') };
  const model = el('select', { className: 'lc-select', testId: 'siting-model', attrs: { id: ids.model, 'data-form': 'model' } },
    (['mclp', 'lscp', 'pmedian', 'pcenter'] as const).map((value) => el('option', { text: t(lang, `siting.model.${value}`), attrs: { value } })));
  model.value = values.model;
  const lscp = values.model === 'lscp';
  const count = lscp
    ? el('input', { className: 'lc-input', testId: 'siting-target', attrs: { id: ids.count, type: 'number', min: '1', max: '100', step: '1', 'data-form': 'target', value: values.target } })
    : el('input', { className: 'lc-input', testId: 'siting-p', attrs: { id: ids.count, type: 'number', min: '1', max: '200', step: '1', 'data-form': 'p', value: values.p } });
  const candidates = el('select', { className: 'lc-select', testId: 'siting-candidates', attrs: { id: ids.candidates, 'data-form': 'candidates' } },
    (['centroids', 'grid'] as const).map((value) => el('option', { text: t(lang, `siting.candidates.${value}`), attrs: { value } })));
  candidates.value = values.candidates;
  const running = siting.status === 'running';
  const form = el('form', { className: 'lc-form', testId: 'siting-form', attrs: { 'data-form': 'siting' } }, [
    el('h2', { className: 'lc-section__title', text: t(lang, 'siting.title') }),
    field(el('label', { className: 'lc-field__label', text: t(lang, 'siting.model'), attrs: { for: ids.model } }), model),
    el('div', { className: 'lc-row' }, [
      field(el('label', { className: 'lc-field__label', text: t(lang, lscp ? 'siting.target' : 'siting.p'), attrs: { for: ids.count } }), count),
      field(el('label', { className: 'lc-field__label', text: t(lang, 'siting.candidates'), attrs: { for: ids.candidates } }), candidates, 'lc-field lc-grow'),
    ]),
    el('button', { className: 'lc-button', text: t(lang, running ? 'siting.running' : 'siting.run'), testId: 'siting-run', attrs: { type: 'submit', ...(running ? { disabled: '' } : {}) } }),
  ]);
  form.append(...sitingResult(lang, ctx));
  return form;
}

function sitingResult(lang: Lang, ctx: PlannerContext): HTMLElement[] {
  const { panel, options } = ctx;
  const s = panel.siting;
  if (s.status === 'running') {
    return [el('p', { className: 'lc-hint', testId: 'siting-status', attrs: { role: 'status' }, text: s.fraction === null ? t(lang, 'siting.running') : t(lang, 'siting.progress', { percent: formatPercent(lang, s.fraction, 0) }) })];
  }
  if (s.status === 'error') return [el('p', { className: 'lc-hint lc-hint--error', testId: 'siting-status', attrs: { role: 'alert' }, text: t(lang, 'siting.error', { message: s.message }) })];
  if (s.status === 'accepted') return [el('p', { className: 'lc-hint', testId: 'siting-status', text: t(lang, 'siting.accepted', { count: formatNumber(lang, s.count, 0) }) })];
  if (s.status !== 'ready') return [];
  const features = s.result.proposals.features;
  const households = s.result.households;
  const items = features.map((feature) => {
    const adds = feature.properties.adds?.households;
    const after = feature.properties.households_covered_after;
    const text = adds !== undefined && after !== undefined && households
      ? t(lang, 'siting.proposal', { adds: formatNumber(lang, adds, 0), rate: formatPercent(lang, after / households, 1) })
      : feature.properties.candidate_id ?? '';
    const rank = feature.properties.rank;
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    const state = options.store.get();
    const nameId = uniqueId('lc-proposal-name');
    const accepted = panel.acceptedRanks.has(rank);
    const name = el('input', { className: 'lc-input', testId: 'proposal-name', attrs: {
      id: nameId, 'data-rank': String(rank), maxlength: '200', value: panel.proposalNames.get(rank) ?? proposalName(rank, lon, lat, lang, options.placeAt),
      ...(accepted ? { disabled: '' } : {}),
    } });
    const place = options.placeAt?.(lon, lat);
    return el('li', { className: 'lc-proposal', testId: 'proposal', attrs: { 'data-rank': String(rank) } }, [
      el('label', { className: 'lc-visually-hidden', text: `${t(lang, 'siting.name')} ${formatNumber(lang, rank, 0)}`, attrs: { for: nameId } }),
      name,
      el('span', { className: 'lc-hint', text: [text, place].filter(Boolean).join(' · ') }),
      el('div', { className: 'lc-row' }, [
        el('button', { className: 'lc-link-button', testId: 'proposal-fly', text: t(lang, 'siting.fly'), attrs: { type: 'button', 'data-fly': `${lon},${lat}` } }),
        accepted || !state.scenario
          ? el('span', { className: 'lc-hint', testId: 'proposal-accepted', text: accepted ? t(lang, 'siting.acceptedOne') : '' })
          : el('button', { className: 'lc-link-button', testId: 'proposal-accept', text: t(lang, 'siting.acceptOne'), attrs: { type: 'button', 'data-accept-rank': String(rank) } }),
      ]),
    ]);
  });
  return [
    el('p', { className: 'lc-hint', testId: 'siting-status', text: t(lang, 'siting.result', { count: formatNumber(lang, features.length, 0) }) }),
    el('ol', { className: 'lc-proposals', testId: 'siting-proposals' }, items),
    el('button', { className: 'lc-button', text: t(lang, 'siting.accept'), testId: 'siting-accept', attrs: { type: 'button', 'data-action': 'accept' } }),
  ];
}
