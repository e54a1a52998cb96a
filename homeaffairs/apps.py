"""Third-party apps under Vietnamese names in the admin (their own AppConfig has none or an English one)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy
from django_celery_beat.apps import BeatConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "Chống dò mật khẩu (khóa đăng nhập sai nhiều lần)"


class CeleryBeatConfig(BeatConfig):
    def ready(self):
        super().ready()
        from django_celery_beat.models import PeriodicTask

        # The one label django-celery-beat leaves untranslatable. The same text made lazy: migrations
        # are made untranslated, so they see «Task Name» as before and write nothing.
        PeriodicTask._meta.get_field("task").verbose_name = gettext_lazy("Task Name")
