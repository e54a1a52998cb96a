from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Danh mục dùng chung"

    def ready(self):
        from core import generations, search  # noqa: F401 - search registers vn_fold on every SQLite connection

        generations.connect()  # cached panels and report content follow every write
