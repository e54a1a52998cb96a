import pytest
pytestmark = pytest.mark.django_db

def test_smoke(province):
    from plans.models import Task, DirectiveItem
    print(Task.objects.count(), DirectiveItem.objects.count())
    from core.models import Notification
    print(Notification.objects.count())
