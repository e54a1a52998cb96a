from django.apps import AppConfig


class ReformConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reform"
    verbose_name = "Cải cách hành chính"
