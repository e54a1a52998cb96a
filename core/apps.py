from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Danh mục dùng chung"

    def ready(self):
        # search registers vn_fold on every SQLite connection
        from core import generations, notifications, search  # noqa: F401

        generations.connect()  # cached panels and report content follow every write
        notifications.connect()  # the header's unread count follows its user's notifications
