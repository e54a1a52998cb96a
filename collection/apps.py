from django.apps import AppConfig


class CollectionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "collection"
    verbose_name = "Thu thập số liệu"

    def ready(self):
        from collection import selectors

        selectors.connect()  # a form's structure kept per process follows every catalogue edit
