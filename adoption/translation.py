"""The texts of "Taking it into use" have Swedish and English versions (models_catalog's way)."""

from models_catalog.translation import register_translated

from .models import AdoptionFact

register_translated([AdoptionFact])
