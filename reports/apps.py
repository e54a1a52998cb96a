from importlib import import_module

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        # Built-in providers (figures read through collection selectors), then each domain's
        # report.py: a domain declares plain builders; the adapter to report content lives here.
        from core.discovery import app_modules
        from reports.registry import register, segments_provider

        import_module("reports.providers")
        import_module("reports.cache").connect()  # the report page's content cache follows every write
        for _config, module in app_modules("report", exclude=(self.name,)):
            for key, (build, label) in getattr(module, "PROVIDERS", {}).items():
                register(key, segments_provider(build), label=label)
