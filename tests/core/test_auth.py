"""Sign-in, throttling (django-axes) and password change, all in Vietnamese.

With axes' backend, `client.login()` raises (no request): tests sign in through the login view
or use `client.force_login(user)`.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core import demo
from tests.core.test_views import FAST_HASHERS, build_portal_tree

pytestmark = pytest.mark.django_db

WRONG = "sai-mat-khau"
ERROR = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị hệ thống."


@pytest.fixture
def tree(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return build_portal_tree()


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_vietnamese(client, tree):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="vi">' in html
    for text in ("Tên đăng nhập", "Mật khẩu", "Đăng nhập", "CỔNG BÁO CÁO SỞ NỘI VỤ"):
        assert text in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_right_password_signs_in(client, tree):
    response = login(client, "cb.vithanh", demo.DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_login_follows_next(client, tree):
    response = client.post(reverse("login") + "?next=/ky-bao-cao/", {"username": "giamdoc", "password": demo.DEMO_PASSWORD, "next": "/ky-bao-cao/"})
    assert response["Location"] == "/ky-bao-cao/"


def test_signed_in_user_is_sent_home_from_login_page(client, tree):
    client.force_login(get_user_model().objects.get(username="giamdoc"))
    assert client.get(reverse("login"))["Location"] == reverse("home")


def test_wrong_password_shows_vietnamese_error(client, tree):
    response = login(client, "cb.vithanh", WRONG)
    assert response.status_code == 200
    html = response.content.decode()
    assert ERROR in html
    assert "Please enter" not in html
    # Unknown user: the same message (no hint that the name exists).
    assert ERROR in login(client, "khong-ton-tai", WRONG).content.decode()


def test_empty_form_errors_are_vietnamese(client, tree):
    html = login(client, "", "").content.decode()
    assert "Vui lòng nhập tên đăng nhập." in html and "Vui lòng nhập mật khẩu." in html


def test_five_failures_lock_the_account_even_with_the_right_password(client, tree):
    for _ in range(4):
        response = login(client, "cb.vithanh", WRONG)
        assert response.status_code == 200 and ERROR in response.content.decode()
    fifth = login(client, "cb.vithanh", WRONG)
    assert fifth.status_code == 429
    response = login(client, "cb.vithanh", demo.DEMO_PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert '<html lang="vi">' in html
    assert client.get(reverse("home")).status_code == 302  # not signed in
    # Another username from the same address is not locked.
    assert login(client, "giamdoc", demo.DEMO_PASSWORD).status_code == 302


def test_successful_login_resets_the_failure_count(client, tree):
    for _ in range(4):
        login(client, "cb.soyte", WRONG)
    assert login(client, "cb.soyte", demo.DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert login(client, "cb.soyte", WRONG).status_code == 200
    assert login(client, "cb.soyte", demo.DEMO_PASSWORD).status_code == 302


def test_password_change(client, tree):
    user = get_user_model().objects.get(username="cb.hoaluu")
    client.force_login(user)
    html = client.get(reverse("password_change")).content.decode()
    for text in ("Đổi mật khẩu", "Mật khẩu hiện tại", "Mật khẩu mới", "Nhập lại mật khẩu mới"):
        assert text in html

    new = "Xa-Hoa-Luu-2026!"
    response = client.post(
        reverse("password_change"), {"old_password": demo.DEMO_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    done = client.get(response["Location"])
    assert "Mật khẩu của bạn đã được thay đổi" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)
    # The session survives the change; the new password signs in, the old one no longer does.
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert ERROR in login(client, "cb.hoaluu", demo.DEMO_PASSWORD).content.decode()
    assert login(client, "cb.hoaluu", new).status_code == 302


def test_password_change_errors_are_vietnamese(client, tree):
    client.force_login(get_user_model().objects.get(username="cb.hoaluu"))
    html = client.post(
        reverse("password_change"), {"old_password": WRONG, "new_password1": "Abc-12345-xyz", "new_password2": "Abc-12345-xyz"}
    ).content.decode()
    assert "Mật khẩu hiện tại không đúng. Vui lòng nhập lại." in html
    html = client.post(
        reverse("password_change"),
        {"old_password": demo.DEMO_PASSWORD, "new_password1": "Abc-12345-xyz", "new_password2": "Abc-12345-xyw"},
    ).content.decode()
    assert "Hai lần nhập mật khẩu mới không khớp nhau." in html
    html = client.post(
        reverse("password_change"), {"old_password": demo.DEMO_PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    ).content.decode()
    assert "Mật khẩu quá ngắn" in html


def test_logout_says_goodbye(client, tree):
    login(client, "giamdoc", demo.DEMO_PASSWORD)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Bạn đã đăng xuất khỏi hệ thống." in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Behind a reverse proxy (issue 10, item 10): lockout keys on the client, not on the proxy
# ---------------------------------------------------------------------------------------------

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request that comes through the proxy


@pytest.fixture
def one_proxy(settings):
    from homeaffairs.settings import proxy_settings

    for name, value in proxy_settings(1).items():
        setattr(settings, name, value)


def login_via_proxy(client, username, password, forwarded_for):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_a_proxy_an_attacker_locks_only_themselves(client, tree, one_proxy):
    attacker, user = "9.9.9.9", "1.1.1.1"
    for _ in range(5):
        login_via_proxy(client, "cb.vithanh", WRONG, attacker)
    assert login_via_proxy(client, "cb.vithanh", demo.DEMO_PASSWORD, attacker).status_code == 429
    # Writing the user's address into X-Forwarded-For does not help: the proxy appends the real one.
    assert login_via_proxy(client, "cb.vithanh", demo.DEMO_PASSWORD, f"{user}, {attacker}").status_code == 429
    # The real user, behind the same proxy, still signs in.
    assert login_via_proxy(client, "cb.vithanh", demo.DEMO_PASSWORD, user).status_code == 302


def test_without_a_proxy_setting_x_forwarded_for_is_ignored(client, tree, settings):
    from homeaffairs.settings import proxy_settings

    for name, value in proxy_settings(0).items():
        setattr(settings, name, value)
    for i in range(5):  # a new made-up address each time does not dodge the lock
        login_via_proxy(client, "cb.soyte", WRONG, f"9.9.9.{i}")
    assert login_via_proxy(client, "cb.soyte", demo.DEMO_PASSWORD, "1.1.1.1").status_code == 429


# ---------------------------------------------------------------------------------------------
# «Đổi mật khẩu»: wrong current passwords are throttled like failed logins
# ---------------------------------------------------------------------------------------------

CHANGE_LOCKED = "Đổi mật khẩu tạm thời bị khóa do nhập sai mật khẩu hiện tại nhiều lần."


def change_password(client, old, new="Xa-Hoa-Luu-2026!"):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new})


def test_wrong_current_passwords_lock_the_password_change(client, tree):
    user = get_user_model().objects.get(username="cb.hoaluu")
    client.force_login(user)
    for attempt in range(4):
        response = change_password(client, f"doan-{attempt}")
        assert response.status_code == 200 and "Mật khẩu hiện tại không đúng" in response.content.decode()
    fifth = change_password(client, "doan-5")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    # Locked: even the right current password is refused, without being checked.
    response = change_password(client, demo.DEMO_PASSWORD)
    assert response.status_code == 200 and CHANGE_LOCKED in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(demo.DEMO_PASSWORD)
    # The guesses counted as failed logins of that user: signing in is locked too.
    client.post(reverse("logout"))
    assert login(client, "cb.hoaluu", demo.DEMO_PASSWORD).status_code == 429


def test_failed_password_changes_do_not_store_the_passwords(client, tree):
    from axes.models import AccessAttempt

    client.force_login(get_user_model().objects.get(username="cb.hoaluu"))
    change_password(client, "bi-mat-cu", new="Bi-Mat-Moi-2026")
    attempt = AccessAttempt.objects.get(username="cb.hoaluu")
    assert "bi-mat-cu" not in attempt.post_data and "Bi-Mat-Moi-2026" not in attempt.post_data
