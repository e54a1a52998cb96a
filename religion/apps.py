from django.apps import AppConfig


class ReligionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "religion"
    verbose_name = "Tín ngưỡng, tôn giáo"
