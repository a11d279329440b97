"""A reader's shortlist of models for the wellbeing plan, kept in their session.

Shared, it is stored under a short random id (SharedShortlist) for SharedShortlist.LIFETIME;
the link carries only the id. Old links that carried the notes themselves
(`?models=a,b&note-a=…`) still open.
"""

import re

from django.utils.html import escape
from django.utils.translation import gettext

from hygiene import xml_safe

from .compare import parse_slugs
from .models import OperatingModel, SharedShortlist, is_slug

SESSION_KEY = "shortlist"
MAX_MODELS = 20
MAX_NOTE = 2000


class Shortlist:
    def __init__(self, session):
        self.session = session
        data = session.get(SESSION_KEY) or {}
        self.slugs: list[str] = [s for s in data.get("slugs", []) if isinstance(s, str)]
        self.notes: dict[str, str] = {
            slug: note for slug, note in (data.get("notes") or {}).items() if slug in self.slugs
        }

    def __contains__(self, slug):
        return slug in self.slugs

    def __len__(self):
        return len(self.slugs)

    def add(self, slug: str) -> bool:
        if not is_slug(slug) or slug in self.slugs or len(self.slugs) >= MAX_MODELS:
            return False
        if not OperatingModel.objects.published().filter(slug=slug).exists():
            return False
        self.slugs.append(slug)
        self._save()
        return True

    def remove(self, slug: str):
        if slug in self.slugs:
            self.slugs.remove(slug)
            self.notes.pop(slug, None)
            self._save()

    def set_notes(self, notes: dict[str, str]):
        for slug in self.slugs:
            if slug in notes:
                self.notes[slug] = clean_note(notes[slug])
        self._save()

    def replace(self, slugs: list[str], notes: dict[str, str]):
        candidates = [slug for slug in slugs if is_slug(slug)]
        published = set(
            OperatingModel.objects.published()
            .filter(slug__in=candidates)
            .values_list("slug", flat=True)
        )
        self.slugs = [slug for slug in dict.fromkeys(slugs) if slug in published][:MAX_MODELS]
        self.notes = {slug: clean_note(notes[slug]) for slug in self.slugs if notes.get(slug)}
        self._save()

    def _save(self):
        self.session[SESSION_KEY] = {"slugs": self.slugs, "notes": self.notes}

    def entries(self):
        """(model, note) pairs in the reader's order; drafts and removed models drop out."""
        return entries_for(self.slugs, self.notes)

    def share(self) -> SharedShortlist:
        """Store the shortlist with its notes for a link that carries only the id."""
        return share(self.slugs, self.notes)


def entries_for(slugs, notes):
    candidates = [slug for slug in slugs if is_slug(slug)]
    models = OperatingModel.objects.published().for_detail().filter(slug__in=candidates)
    by_slug = {model.slug: model for model in models}
    return [(by_slug[slug], notes.get(slug, "")) for slug in slugs if slug in by_slug]


def clean_note(note) -> str:
    """A note as kept: trimmed, at most MAX_NOTE characters, nothing Word or XML cannot carry."""
    return xml_safe(note).strip()[:MAX_NOTE]


def shared_from_query(query) -> tuple[list[str], dict[str, str]]:
    """The slugs and notes of an old-style shared link (`?models=a,b&note-a=…`)."""
    slugs = parse_slugs(query.getlist("models"))[: MAX_MODELS * 2]
    notes = {slug: clean_note(query.get(f"note-{slug}", "")) for slug in slugs}
    return slugs, notes


def share(slugs: list[str], notes: dict[str, str]) -> SharedShortlist:
    slugs = [slug for slug in dict.fromkeys(slugs) if is_slug(slug)][:MAX_MODELS]
    kept = {slug: clean_note(notes[slug]) for slug in slugs if notes.get(slug)}
    return SharedShortlist.objects.create(slugs=slugs, notes={k: v for k, v in kept.items() if v})


SHARE_ID = re.compile(r"^[A-Za-z0-9_-]{8,32}$")


def shared_by_id(share_id: str) -> SharedShortlist | None:
    """The stored shortlist behind a link, unless the id is malformed, unknown or expired."""
    if not SHARE_ID.match(share_id or ""):
        return None
    return SharedShortlist.objects.current().filter(pk=share_id).first()


def shared_contents(shared: SharedShortlist) -> tuple[list[str], dict[str, str]]:
    """The slugs and notes of a stored shortlist, whatever the JSON holds."""
    slugs = [slug for slug in shared.slugs if isinstance(slug, str)][:MAX_MODELS]
    stored = shared.notes if isinstance(shared.notes, dict) else {}
    notes = {slug: clean_note(stored[slug]) for slug in slugs if isinstance(stored.get(slug), str)}
    return slugs, notes


ADD_BUTTON = re.compile(
    r'data-shortlist="(?P<slug>[-\w]+)"><span class="shortlist-label">[^<]*</span>'
)


def mark_added(html: str, slugs) -> str:
    """The page with its add buttons (includes/shortlist_button.html) for the reader's models
    saying they are already on the shortlist. Pages are cached for every reader, so the
    reader's own state goes in after; a shortlist holds at most MAX_MODELS models."""
    if not slugs:
        return html
    slugs = set(slugs)
    label = escape(gettext("Already on your shortlist"))

    def added(match):
        if match["slug"] not in slugs:
            return match[0]
        return (
            f'data-shortlist="{match["slug"]}" aria-disabled="true">'
            f'<span class="shortlist-label">{label}</span>'
        )

    return ADD_BUTTON.sub(added, html)
