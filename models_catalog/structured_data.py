"""schema.org JSON-LD for an operating model's page."""

import json

from .licence import CITATION


def structured_data(operating_model) -> dict:
    """What the page's JSON-LD says of the model (its relations prefetched), but its address."""
    return {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": operating_model.name_fi,
        "description": operating_model.theme_fi,
        "url": None,  # the page's address, which depends on the request's host (json_ld)
        "inLanguage": "fi",
        "dateModified": operating_model.updated_at.isoformat(),
        "provider": [
            {"@type": "Organization", "name": organisation.name_fi}
            for organisation in operating_model.organisations.all()
        ],
        "areaServed": [
            {"@type": "AdministrativeArea", "name": county.official_name_fi}
            for county in operating_model.counties.all()
        ],
        "audience": [
            {"@type": "Audience", "audienceType": group.name_fi}
            for group in operating_model.benefit_target_groups.all()
        ],
        "isBasedOn": CITATION,
        "sameAs": operating_model.innokyla_url,
    }


def json_ld(data: dict, page_url: str) -> str:
    """`data` (structured_data) at the page's address, as text for a <script> element."""
    # Keys sorted: kept in PostgreSQL's jsonb, `data` comes back in another order.
    text = json.dumps({**data, "url": page_url}, ensure_ascii=False, indent=2, sort_keys=True)
    # Safe inside <script>: no "</script>" or "<!--" can close or comment it out.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
