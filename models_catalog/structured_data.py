"""schema.org JSON-LD for an operating model's page."""

import json

from .adoption import approved
from .licence import CITATION


def operating_model_json_ld(operating_model, page_url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": operating_model.name_fi,
        "description": operating_model.theme_fi,
        "url": page_url,
        "inLanguage": "fi",
        "dateModified": operating_model.updated_at.isoformat(),
        "provider": [
            {"@type": "Organization", "name": organisation.name_fi}
            for organisation in operating_model.organisations.all()
        ],
        "areaServed": areas_served(operating_model),
        "audience": [
            {"@type": "Audience", "audienceType": group.name_fi}
            for group in operating_model.benefit_target_groups.all()
        ],
        "isBasedOn": CITATION,
        "sameAs": operating_model.innokyla_url,
    }
    # Safe inside <script>: no "</script>" or "<!--" can close or comment it out.
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def areas_served(operating_model) -> list[dict]:
    """schema.org areaServed: the counties where it was developed, then the municipalities
    where it is used now (Finnish names)."""
    areas = [
        {"@type": "AdministrativeArea", "name": county.official_name_fi}
        for county in operating_model.counties.all()
    ]
    for adoption in approved(operating_model):
        area = {"@type": "City", "name": adoption.municipality.name_fi}
        if area not in areas:
            areas.append(area)
    return areas
