"""schema.org JSON-LD for an operating model's page."""

import json

from adoption.exports import areas_served

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
        # Where it was developed, then where it is used now (adoption).
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
