from importlib import import_module

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        # The built-in providers, then each app's report.py: importing it registers its providers,
        # indicators and phrases with core.reporting (reports never imports a domain otherwise).
        from core.discovery import app_modules

        import_module("reports.providers")
        import_module("reports.cache").connect()  # the report page's content cache follows every write
        for _config, _module in app_modules("report", exclude=(self.name,)):
            pass
