"""The statistics page's labels and source sentences in Swedish and English beside the Finnish."""

from models_catalog.translation import register_translated

from .models import Figure, MethodTraining, TrainingCategory

TRANSLATED_MODELS = [TrainingCategory, MethodTraining, Figure]

register_translated(TRANSLATED_MODELS)
