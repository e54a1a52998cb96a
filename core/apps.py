from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Danh mục dùng chung"

    def ready(self):
        from core import search  # noqa: F401 - registers vn_fold on every SQLite connection
