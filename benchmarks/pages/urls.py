from django.urls import path

from easy.urls import urlpatterns as portal

from . import views

urlpatterns = [path("bench/plain/", views.plain_list, name="bench_plain"), *portal]
