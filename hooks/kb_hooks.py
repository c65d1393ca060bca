"""MkDocs adapter for the kb package: only on_* functions; the logic lives in hooks/kb/.

mkdocs-static-i18n builds the Chinese site, then (from its post-build step) the English
site with the same config object. The site-wide checks therefore run once, at the start
of the first build of a cycle, and each page is transformed in its own language's build.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import sys

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, os.path.dirname(__file__))
from kb import pagesize, searchindex  # noqa: E402
from kb.markdown import accessible_html, release  # noqa: E402
from kb.site import DataError, Site, lang_of  # noqa: E402

log = logging.getLogger("mkdocs.hooks.kb")

STATE: dict = {}


def _i18n(config):
    return config.plugins.get("i18n")


def _first_build(config) -> bool:
    plugin = _i18n(config)
    return plugin is None or not getattr(plugin, "building", False)


def _root(config) -> str:
    return os.path.dirname(os.path.abspath(config.config_file_path))


def _today():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def on_config(config, **_):
    if not _first_build(config):
        return config
    STATE.clear()
    root = _root(config)
    try:
        site = Site(root, os.path.relpath(config.docs_dir, root), today=_today())
    except DataError as exc:
        raise PluginError(exc.finding.render())
    STATE["site"] = site
    STATE["pages"] = {}
    searchindex.register_jieba_words(site)   # glossary terms and law names stay whole words
    redirects = config.plugins.get("redirects")
    if redirects is not None:
        maps = {old.split("#")[0]: new.split("#")[0] for old, new in site.data.redirects.items()
                if "#" not in old}
        redirects.config["redirect_maps"] = maps
    return config


class _CompactLoader(jinja2.BaseLoader):
    """The theme's template loader, handing out templates without their indentation."""

    def __init__(self, inner):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        return pagesize.strip_template(source), filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


def on_env(env, config, files, **_):
    # Page weight at little cost: indentation leaves the templates once, not every page's HTML.
    if not isinstance(env.loader, _CompactLoader):
        env.loader = _CompactLoader(env.loader)
        if env.cache is not None:
            env.cache.clear()
    return env


def on_files(files, config, **_):
    if not _first_build(config) or STATE.get("checked"):
        return files
    STATE["checked"] = True
    site: Site = STATE["site"]
    nav = None
    if config.nav:
        nav = set()

        def walk(items):
            for item in items:
                if isinstance(item, dict):
                    for v in item.values():
                        walk([v] if isinstance(v, str) else v)
                elif isinstance(item, str):
                    nav.add(item)
        walk(config.nav)
    fatal = 0
    for finding in site.check(nav):
        if finding.fatal:
            fatal += 1
            log.warning(finding.render())
        else:
            log.info(finding.render())
    STATE["fatal"] = fatal
    return files


def on_page_markdown(markdown, *, page, config, files, **_):
    site: Site = STATE["site"]
    rel = page.file.src_uri
    held = STATE.setdefault("held", {})[rel] = []
    return site.render_markdown(rel, markdown, sink=held)   # citation and term links: held out


def on_page_content(html, *, page, **_):
    held = STATE.get("held", {}).pop(page.file.src_uri, None)
    return accessible_html(release(html, held) if held else html)


def on_page_context(context, *, page, config, nav, **_):
    meta = page.meta or {}
    rv = meta.get("reviewed_on")
    if isinstance(rv, dt.date):
        context["kb_stale"] = (_today() - rv).days > 365
    site: Site = STATE["site"]
    lang = lang_of(page.file.src_uri)
    context["kb_audience"] = site.audience_labels(meta.get("audience"), lang)
    context["kb_basis"] = site.basis_links(page.file.src_uri, meta.get("legal_basis"))
    pagesize.trim_toc(page.toc, meta.get("toc_depth"))   # front matter toc_depth: 2 (page weight)
    STATE["pages"][page.file.src_uri] = {
        "questions": meta.get("search_questions") or [],
        "audience": meta.get("audience") or [],
    }
    return context


@event_priority(-100)
def on_post_page(output, *, page, config, **_):
    # one table of contents per page (the templates' indentation went as they loaded: on_env)
    return pagesize.single_toc(output)


@event_priority(-200)
def on_post_build(config, **_):
    # Runs after mkdocs-static-i18n has built every language and merged the search index.
    if not _first_build(config):
        return
    site: Site = STATE["site"]
    with open(os.path.join(config.site_dir, "assets", "kb-articles.js"), "w", encoding="utf-8") as fh:
        fh.write(site.tooltips_js())   # citation and glossary tooltips (kb.js), one file for every page
    for path, text in site.generated_assets().items():   # data only the calculator or the chooser loads
        with open(os.path.join(config.site_dir, *path.split("/")), "w", encoding="utf-8") as fh:
            fh.write(text)
    try:
        searchindex.write_per_language(config.site_dir, site, STATE["pages"])
    except searchindex.MissingNodeModules as exc:
        raise PluginError(str(exc))
