import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { ROOT, waitForData } from './helpers.mjs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluatedSample } from '../unit/helpers/sample.ts';
import { formatParamValue } from '../../src/lib/policy/labels.ts';
import { clauseParams } from '../../src/lib/policy/describe.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';

// The packages as the app's own loader reads data/policies: every name and value below comes from them.
const packages = loadAllPackages();
const RESULTS = join(ROOT, 'test-results');

/**
 * Recipients and outlay per clause and per document, by plain SQL over the Node engine's awards on
 * data/sample (not the page's query builders), and a firm with a paid award to follow a link from.
 */
let expected = null;
function engine() {
  expected ??= (async () => {
    const db = await openNodeDb();
    try {
      await evaluatedSample(db, packages);
      const clauses = await db.query(
        `SELECT package, clause, count(*) FILTER (WHERE status = 'paid')::INTEGER AS recipients, CAST(COALESCE(SUM(award_yuan), 0) AS BIGINT) AS outlay FROM awards GROUP BY ALL`
      );
      const documents = await db.query(
        `SELECT package, count(DISTINCT firm_id) FILTER (WHERE status = 'paid')::INTEGER AS recipients, CAST(COALESCE(SUM(award_yuan), 0) AS BIGINT) AS outlay FROM awards GROUP BY ALL`
      );
      const [paid] = await db.query(`SELECT firm_id, package, clause FROM awards WHERE status = 'paid' AND firm_id LIKE '9%' ORDER BY award_yuan DESC, firm_id LIMIT 1`);
      return {
        clauses: new Map(clauses.map((r) => [`${r.package}:${r.clause}`, { recipients: Number(r.recipients), outlay: Number(r.outlay) }])),
        documents: new Map(documents.map((r) => [r.package, { recipients: Number(r.recipients), outlay: Number(r.outlay) }])),
        paid
      };
    } finally {
      await db.close();
    }
  })();
  expected.catch(() => {}); // met where a test awaits it, once its page has started
  return expected;
}

/** Waits until the library shows the totals of the data loaded now. */
async function settled(page, root = 'policies-page') {
  await page.waitForFunction(
    (id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return el && el.getAttribute('data-loading') === 'false' && Number(el.getAttribute('data-version')) > 0;
    },
    root,
    { timeout: 90_000 }
  );
}

const clauseSelector = (pkg, clause) => `[data-testid="policy-clause"][data-package="${pkg}"][data-clause="${clause}"]`;

/** Thresholds a clause's conditions compare with: each is a parameter of the package. */
function thresholdParams(c) {
  const out = [];
  const walk = (x) => {
    if ('all' in x) x.all.forEach(walk);
    else if ('any' in x) x.any.forEach(walk);
    else if ('not' in x) walk(x.not);
    else if (x.compare && 'param' in x.compare.right) out.push(x.compare.right.param);
    else if (x.growth && x.growth.than !== 'region') out.push(x.growth.than.param);
    else if (x.share) out.push(x.share.than.param);
  };
  walk(c.eligibility);
  return out;
}

/** Element screenshot under test-results/ (the harness's own screenshots are full pages). */
async function shot(page, selector, name) {
  // the sticky top bar would cover the element while it is scrolled into view
  await page.addStyleTag({ content: '.topbar { position: static !important; }' });
  await page.locator(selector).first().screenshot({ path: join(RESULTS, `${name}.png`) });
}

test('policy library: every document and clause with its parameter values, recipients and outlay equal to a Node evaluation, linked from a firm and the overview, in both languages, printed on A4', async ({ page }) => {
  const wanted = engine(); // computed in Node while the page starts
  await page.goto('/policies');
  await waitForData(page);
  const want = await wanted;
  await settled(page);
  assert.equal((await page.textContent('h1'))?.trim(), '政策库');
  assert.equal(await page.getAttribute('[data-testid="nav-policies"]', 'aria-current'), 'page');

  // every shipped document and clause, in the order of the packages
  const docs = await page.$$eval('[data-testid="policy-document"]', (els) => els.map((e) => e.getAttribute('data-package')));
  assert.deepEqual(docs, packages.map((p) => p.id), 'one document per package');
  for (const p of packages) {
    const shown = await page.$$eval(`[data-testid="policy-document"][data-package="${p.id}"] [data-testid="policy-clause"]`, (els) => els.map((e) => e.getAttribute('data-clause')));
    assert.deepEqual(shown, p.clauses.map((c) => c.id), `${p.id}: every clause`);
    const open = await page.$$eval(`[data-testid="policy-document"][data-package="${p.id}"] [data-testid="not-computable-item"]`, (els) => els.map((e) => e.getAttribute('data-item')));
    assert.deepEqual(open, p.notComputable.map((n) => n.id), `${p.id}: items not computable`);
    assert.equal(await page.getAttribute(`[data-testid="toc-row"][data-package="${p.id}"] a`, 'href'), `#${p.id}`);
  }

  // each clause shows every parameter it uses at the package's value, and its conditions state their thresholds
  let conditionsChecked = 0;
  for (const p of packages)
    for (const c of p.clauses) {
      const sel = clauseSelector(p.id, c.id);
      const text = (await page.textContent(sel)) ?? '';
      assert.ok(text.includes(c.source.quote), `${c.id}: source sentence`);
      for (const name of clauseParams(p, c)) {
        const spec = p.parameters[name];
        const value = formatParamValue(spec, spec.value, 'zh');
        const cell = await page.textContent(`${sel} [data-testid="clause-params"] tr[data-param="${name}"] [data-testid="param-value"]`);
        assert.equal(cell?.trim(), value, `${p.id}.${c.id}: ${name}`);
        if (spec.assumption) assert.ok((await page.textContent(`${sel} tr[data-param="${name}"]`))?.includes(spec.assumption.zh), `${name}: assumption and its reason`);
      }
      const conditions = (await page.textContent(`${sel} [data-testid="clause-conditions"]`)) ?? '';
      for (const name of thresholdParams(c)) {
        const value = formatParamValue(p.parameters[name], p.parameters[name].value, 'zh');
        assert.ok(conditions.includes(value), `${p.id}.${c.id}: the conditions say ${value} (${name}): ${conditions}`);
        conditionsChecked++;
      }
      const examples = await page.$$(`${sel} [data-testid="clause-example"]`);
      assert.equal(examples.length, c.examples.length, `${c.id}: worked examples`);
    }
  assert.ok(conditionsChecked > 10, `thresholds checked in the conditions (${conditionsChecked})`);

  // recipients and outlay as the Node engine computes them on the sample
  for (const p of packages) {
    const doc = want.documents.get(p.id) ?? { recipients: 0, outlay: 0 };
    const el = `[data-testid="policy-document"][data-package="${p.id}"]`;
    assert.equal(Number(await page.getAttribute(el, 'data-recipients')), doc.recipients, `${p.id}: firms paid`);
    assert.equal(Number(await page.getAttribute(el, 'data-outlay-yuan')), doc.outlay, `${p.id}: outlay`);
    for (const c of p.clauses) {
      const got = want.clauses.get(`${p.id}:${c.id}`);
      assert.equal(Number(await page.getAttribute(clauseSelector(p.id, c.id), 'data-recipients')), got.recipients, `${c.id}: recipients`);
      assert.equal(Number(await page.getAttribute(clauseSelector(p.id, c.id), 'data-outlay-yuan')), got.outlay, `${c.id}: outlay`);
    }
  }
  assert.ok([...want.clauses.values()].some((c) => c.recipients > 0), 'some clause pays on the sample');

  // status: against today and the effective dates the package gives
  const today = await page.getAttribute('[data-testid="policies-page"]', 'data-today');
  for (const p of packages) {
    const validity = today < p.effective.from ? 'pending' : today > p.effective.to ? 'expired' : 'in_force';
    assert.equal(await page.getAttribute(`[data-testid="policy-document"][data-package="${p.id}"]`, 'data-validity'), validity, `${p.id} on ${today}`);
  }
  assert.match((await page.textContent('[data-testid="policies-status-note"]')) ?? '', new RegExp(today));

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(RESULTS, 'policies-top-zh.png') });
  const [first] = packages;
  await shot(page, clauseSelector(first.id, first.clauses[0].id), 'policies-clause-zh');
  const busiest = [...packages.flatMap((p) => p.clauses.map((c) => ({ p, c })))].sort((a, b) => b.c.examples.length + clauseParams(b.p, b.c).length - (a.c.examples.length + clauseParams(a.p, a.c).length))[0];
  await shot(page, clauseSelector(busiest.p.id, busiest.c.id), 'policies-clause-busiest-zh');
  // one clause of each award shape, and one under a take-the-highest rule, to look at
  const all = packages.flatMap((p) => p.clauses.map((c) => ({ p, c })));
  for (const shape of new Set(all.map(({ c }) => c.award.shape))) {
    const { p, c } = all.find(({ c }) => c.award.shape === shape);
    await shot(page, clauseSelector(p.id, c.id), `policies-shape-${shape}-zh`);
  }
  const open = all.find(({ p, c }) => clauseParams(p, c).some((n) => p.parameters[n].value === null));
  if (open) await shot(page, clauseSelector(open.p.id, open.c.id), 'policies-empty-parameter-zh');
  const cases = all.find(({ c }) => c.award.shape === 'rate' && c.award.cases?.length);
  if (cases) await shot(page, clauseSelector(cases.p.id, cases.c.id), 'policies-rate-cases-zh');
  const perClaim = all.find(({ c }) => c.unit === 'claim');
  if (perClaim) await shot(page, clauseSelector(perClaim.p.id, perClaim.c.id), 'policies-per-claim-zh');
  const toTownships = all.find(({ c }) => c.recipients?.some((r) => r !== 'firm'));
  if (toTownships) await shot(page, clauseSelector(toTownships.p.id, toTownships.c.id), 'policies-townships-zh');
  const across = packages.flatMap((p) => p.acrossPackages.flatMap((g) => g.members))[0];
  if (across) await shot(page, clauseSelector(...across.split(':')), 'policies-take-highest-zh');

  // from a firm's profile, a paid clause leads to that clause in the library
  const { firm_id, package: pkgId, clause: clauseId } = want.paid;
  await page.goto(`/enterprises/${firm_id}`);
  await page.waitForSelector(`[data-testid="firm-page"][data-firm="${firm_id}"][data-loading="false"] [data-testid="firm-header"]`, { timeout: 90_000 });
  const link = `[data-testid="clause"][data-package="${pkgId}"][data-clause="${clauseId}"] [data-testid="clause-library-link"]`;
  assert.equal(await page.getAttribute(link, 'href'), `/policies/${pkgId}#${clauseId}`);
  await page.click(link);
  await page.waitForFunction(([p, c]) => location.pathname === `/policies/${p}` && location.hash === `#${c}`, [pkgId, clauseId]);
  await settled(page, 'policy-page');
  const target = page.locator(`#${clauseId}`);
  assert.equal(await target.getAttribute('data-clause'), clauseId);
  await page.waitForFunction((id) => {
    const r = document.getElementById(id)?.getBoundingClientRect();
    return r && r.top >= 0 && r.top < innerHeight / 2;
  }, clauseId);
  await page.screenshot({ path: join(RESULTS, 'policies-from-firm-zh.png') });

  // from the overview's clause chart, a bar's label leads to its clause
  await page.goto('/');
  await page.waitForSelector('[data-testid="clause-bars-link"]', { timeout: 90_000 });
  const href = await page.getAttribute('[data-testid="clause-bars-link"]', 'href');
  assert.match(href ?? '', /^\/policies\/[a-z0-9-]+#[a-z0-9-]+$/);
  await page.click('[data-testid="clause-bars-link"]');
  await page.waitForFunction((h) => location.pathname + location.hash === h, href);

  // English: the same document, its values formatted in English
  await page.goto(`/policies/${first.id}`);
  await settled(page, 'policy-page');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const c0 = first.clauses[0];
  for (const name of clauseParams(first, c0)) {
    const spec = first.parameters[name];
    const cell = await page.textContent(`${clauseSelector(first.id, c0.id)} tr[data-param="${name}"] [data-testid="param-value"]`);
    assert.equal(cell?.trim(), formatParamValue(spec, spec.value, 'en'), `en: ${name}`);
  }
  assert.ok(((await page.textContent('[data-testid="document-title"]')) ?? '').includes(first.title.en));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(RESULTS, 'policies-document-en.png') });
  await shot(page, clauseSelector(first.id, c0.id), 'policies-clause-en');

  // printed: the whole library on A4, one document per page run, in Chinese
  await page.goto('/policies');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await settled(page);
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  writeFileSync(join(RESULTS, 'policies-library.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages > packages.length, `the printed library has a page run per document (${pages} pages)`);
}, { timeoutMs: 300_000 });
