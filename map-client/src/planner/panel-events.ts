// The planner panel's event wiring: one delegated listener per event type on the panel (its
// children are replaced on every render), mapping data-* attributes to form values, store
// updates and the actions of ./panel-actions.ts.
import type { PlannerTool } from '../state.ts';
import { acceptAll, acceptOne, createScenario, signIn, startSiting } from './panel-actions.ts';
import type { PanelForm } from './panel-state.ts';
import type { PlannerContext } from './planner-context.ts';
import { undoChange } from './scenario-edits.ts';

/** Listens on the panel; returns the function that stops listening. */
export function bindPanelEvents(container: HTMLElement, ctx: PlannerContext): () => void {
  const { panel, options, session, compare } = ctx;

  const onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const key = input.dataset.form as keyof PanelForm | undefined;
    if (key) panel.form[key] = input.value;
    if (input.dataset.testid === 'proposal-name') panel.proposalNames.set(Number(input.dataset.rank), input.value);
  };

  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (form.dataset.form === 'login') void signIn(ctx, form);
    if (form.dataset.form === 'siting') void startSiting(ctx);
    if (form.dataset.form === 'create') void createScenario(ctx);
  };

  const onChange = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const key = target.dataset.form as keyof PanelForm | undefined;
    if (key) {
      panel.form[key] = target.value;
      if (key === 'model') ctx.render();
    }
    if (target.dataset.testid === 'planner-type') {
      options.store.update({ selectedType: target.value === '' ? null : target.value });
      return;
    }
    if (target.dataset.testid === 'proposal-name') {
      panel.proposalNames.set(Number(target.dataset.rank), target.value);
      return;
    }
    if (target.dataset.testid === 'scenario-select') {
      const id = target.value === '' ? null : target.value;
      if (compare.active && id === null) compare.disable();
      void session.open(id).catch(() => undefined);
    }
    if (target.dataset.testid === 'compare-toggle') {
      if ((target as HTMLInputElement).checked) compare.enable();
      else compare.disable();
    }
  };

  const onClick = (event: MouseEvent): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!button || button.type === 'submit') return;
    const { store, map } = options;
    if (button.dataset.tool) {
      store.update({ tool: button.dataset.tool as PlannerTool });
      panel.message = null;
    } else if (button.dataset.action === 'logout') {
      compare.disable();
      store.update({ auth: null, scenario: null, tool: 'none' });
      session.redraw();
    } else if (button.dataset.undo !== undefined) {
      const changes = store.get().scenario?.changes ?? [];
      void session.commit(undoChange(changes, Number(button.dataset.undo))).catch(() => undefined);
    } else if (button.dataset.action === 'accept') {
      void acceptAll(ctx);
    } else if (button.dataset.fly !== undefined) {
      const [lon, lat] = button.dataset.fly.split(',').map(Number);
      if (Number.isFinite(lon) && Number.isFinite(lat)) map.flyTo({ center: [lon!, lat!], zoom: Math.max(map.getZoom(), 15), duration: 600 });
    } else if (button.dataset.acceptRank !== undefined) {
      void acceptOne(ctx, Number(button.dataset.acceptRank));
    }
  };

  container.addEventListener('submit', onSubmit);
  container.addEventListener('click', onClick);
  container.addEventListener('change', onChange);
  container.addEventListener('input', onInput);
  return () => {
    container.removeEventListener('submit', onSubmit);
    container.removeEventListener('click', onClick);
    container.removeEventListener('change', onChange);
    container.removeEventListener('input', onInput);
  };
}
