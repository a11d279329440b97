from django.shortcuts import render
from django.views.decorators.http import require_safe

from report.models import Placement, ReportSection

from .charts import bar_chart
from .models import Figure, MethodTraining, Section, Unit

#: The report's section each group of figures comes from.
REPORT_SECTION_NUMBERS = {
    Section.TRAININGS: 3,
    Section.COMMUNICATION: 4,
    Section.PROJECT_SUPPORT: 5,
}


@require_safe
def statistics(request):
    texts = {
        section.number: section for section in ReportSection.objects.on_page(Placement.STATISTICS)
    }
    trainings = list(Figure.objects.for_section(Section.TRAININGS))
    by_category = [figure for figure in trainings if figure.category_id]
    participants = [figure for figure in by_category if figure.unit == Unit.PARTICIPANTS]
    counts = [figure for figure in by_category if figure.unit == Unit.TRAININGS]
    return render(
        request,
        "trainings/statistics.html",
        {
            "totals": [figure for figure in trainings if figure.is_reported_total],
            "participants": participants,
            "counts": counts,
            "participants_chart": bar_chart(participants),
            "counts_chart": bar_chart(counts),
            "method_trainings": MethodTraining.objects.all(),
            "communication": Figure.objects.for_section(Section.COMMUNICATION),
            "project_support": Figure.objects.for_section(Section.PROJECT_SUPPORT),
            # The report's own text around each group of figures (report app).
            "report_texts": {
                section.value: texts.get(number)
                for section, number in REPORT_SECTION_NUMBERS.items()
            },
        },
    )
