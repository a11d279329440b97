from django.views.generic import DetailView, ListView

from .models import OperatingModel


class OperatingModelListView(ListView):
    queryset = OperatingModel.objects.published().for_listing()


class OperatingModelDetailView(DetailView):
    queryset = OperatingModel.objects.published()
