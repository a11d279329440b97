"""A reader's shortlist of models for the wellbeing plan, kept in their session and nowhere else."""

from django.http import QueryDict

from .compare import parse_slugs
from .models import OperatingModel, is_slug

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
                self.notes[slug] = notes[slug].strip()[:MAX_NOTE]
        self._save()

    def replace(self, slugs: list[str], notes: dict[str, str]):
        candidates = [slug for slug in slugs if is_slug(slug)]
        published = set(
            OperatingModel.objects.published()
            .filter(slug__in=candidates)
            .values_list("slug", flat=True)
        )
        self.slugs = [slug for slug in dict.fromkeys(slugs) if slug in published][:MAX_MODELS]
        self.notes = {slug: notes[slug][:MAX_NOTE] for slug in self.slugs if notes.get(slug)}
        self._save()

    def _save(self):
        self.session[SESSION_KEY] = {"slugs": self.slugs, "notes": self.notes}

    def entries(self):
        """(model, note) pairs in the reader's order; drafts and removed models drop out."""
        return entries_for(self.slugs, self.notes)

    def share_query(self) -> str:
        query = QueryDict(mutable=True)
        query["models"] = ",".join(self.slugs)
        for slug, note in self.notes.items():
            if note:
                query[f"note-{slug}"] = note
        return query.urlencode()


def entries_for(slugs, notes):
    candidates = [slug for slug in slugs if is_slug(slug)]
    models = OperatingModel.objects.published().for_detail().filter(slug__in=candidates)
    by_slug = {model.slug: model for model in models}
    return [(by_slug[slug], notes.get(slug, "")) for slug in slugs if slug in by_slug]


def shared_from_query(query) -> tuple[list[str], dict[str, str]]:
    """The slugs and notes of a shared link (`?models=a,b&note-a=…`)."""
    slugs = parse_slugs(query.getlist("models"))[: MAX_MODELS * 2]
    notes = {slug: query.get(f"note-{slug}", "")[:MAX_NOTE] for slug in slugs}
    return slugs, notes
