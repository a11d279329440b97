"""The licence and citation of the data, stated once for the API, the exports and the pages."""

LICENCE = (
    "The content comes from the THL report Ohjaus 20/2023; © the authors and the Finnish "
    "Institute for Health and Welfare (THL). Reuse it with the citation below."
)
CITATION = (
    "Rapeli S, Linnaranta O, Haag C. Toimintamalleja mielenterveysosaamisen vahvistamiseen "
    "kunnissa – Mielenterveysstrategian hankekokonaisuuden tuloksia (2021–2023). "
    "Terveyden ja hyvinvoinnin laitos (THL), Ohjaus 20/2023. "
    "http://urn.fi/URN:ISBN:978-952-408-237-2"
)
SOURCE_URL = "http://urn.fi/URN:ISBN:978-952-408-237-2"
