import { Hono } from 'hono';
import type { RunStore } from '../store/run-store.js';
import { episodeView } from './dialogue.js';
import { VIEWER_CSS, VIEWER_HTML, VIEWER_SCRIPT } from './page.js';
import { parseListingQuery } from './query.js';

/**
 * The viewer's HTTP routes: the page and its script, and a small JSON API over the run store.
 * Filtering, counting and paging happen in SQLite, so a page of a 10,000-episode run costs the
 * same as a page of a small one.
 */
export function createViewerApp(store: RunStore, runName: string): Hono {
  const app = new Hono();
  app.get('/', (c) => c.html(VIEWER_HTML.replaceAll('{{RUN}}', escapeHtml(runName))));
  app.get('/app.js', (c) => c.body(VIEWER_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/app.css', (c) => c.body(VIEWER_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));

  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/api/run', (c) => c.json({ name: runName, config: store.config(), facets: store.episodeFacets() }));

  app.get('/api/episodes', (c) => {
    const parsed = parseListingQuery(c.req.query());
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    return c.json({ ...store.findEpisodes(parsed.query), offset: parsed.query.offset, limit: parsed.query.limit });
  });

  app.get('/api/episodes/:id', (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || id < 1) return c.json({ error: `episode id must be a positive integer, got "${c.req.param('id')}"` }, 400);
    const episode = store.episode(id);
    if (!episode) return c.json({ error: `no episode ${id} in this run` }, 404);
    return c.json(episodeView(episode, store.task(episode.domain, episode.taskId)));
  });

  app.notFound((c) => c.json({ error: `not found: ${c.req.path}` }, 404));
  return app;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}
