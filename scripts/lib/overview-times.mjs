/**
 * A page init script (playwright `addInitScript`): records in `window.__overviewTimes` when the overview's
 * tiles first show data, in milliseconds from navigation start: the output KPI (quarterly data only), the
 * trend chart, and the outlay (needs the policy evaluation); and what the outlay tile showed when the output
 * KPI appeared, and the evaluation steps the status chip showed. Used by the e2e test and the benchmark.
 */
export function recordOverviewTimes() {
  const times = {};
  window.__overviewTimes = times;
  const watch = { output: 'kpi-total-output', trend: 'chart-trend', outlay: 'kpi-outlay' };
  const stateOf = (id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state') ?? null;
  times.evaluating = []; // the status chip's evaluation steps seen, as "done/total"
  const check = () => {
    const chip = document.querySelector('[data-testid="evaluating"]');
    const step = chip && `${chip.getAttribute('data-done')}/${chip.getAttribute('data-total')}`;
    if (step && times.evaluating.at(-1) !== step) times.evaluating.push(step);
    for (const [key, id] of Object.entries(watch)) {
      if (times[key] !== undefined || stateOf(id) !== 'ready') continue;
      times[key] = Math.round(performance.now());
      if (key === 'output') times.outlayStateAtOutput = stateOf('kpi-outlay');
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-done'] });
}
