"""The portal's URLs plus one trivial view, so the benchmark compares pages with the same middleware stack."""

from django.http import HttpResponse
from django.urls import path

from plan808.urls import urlpatterns as portal


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *portal]
