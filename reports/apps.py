from importlib import import_module

from django.apps import AppConfig, apps


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        # Built-in providers (figures read through collection selectors), then each app's report.py.
        import_module("reports.providers")
        for config in apps.get_app_configs():
            if config.name == self.name or not config.name.isidentifier():
                continue
            try:
                import_module(f"{config.name}.report")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.report":
                    raise
