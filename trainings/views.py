from django.shortcuts import render

from .charts import bar_chart
from .models import Figure, MethodTraining, Section, Unit


def statistics(request):
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
        },
    )
