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
                module = import_module(f"{config.name}.report")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.report":
                    raise
                continue
            # A domain declares plain builders; the adapter to report content lives here.
            from reports.registry import register, segments_provider

            for key, (build, label) in getattr(module, "PROVIDERS", {}).items():
                register(key, segments_provider(build), label=label)
