"""Find an optional module (`demo`, `report`, …) in every installed project app.

Lets a lower layer run what higher apps declare (seed_demo runs each app's demo.py, reports
reads each domain's report.py) without importing them by name.
"""

from importlib import import_module

from django.apps import apps


def app_modules(module_name, exclude=()):
    """Yield (app_config, module) for each installed app that has `<app>.<module_name>`."""
    for config in apps.get_app_configs():
        if config.name in exclude or not config.name.isidentifier():
            continue
        try:
            module = import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
            continue
        yield config, module
