from tests.clock import NOW

URL = "/accounts/password/"


def test_it_changes_the_password(client, head_a):
    client.force_login(head_a)
    response = client.post(
        URL,
        {
            "old_password": "password",
            "new_password1": "Qs-2026-hospital",
            "new_password2": "Qs-2026-hospital",
        },
    )
    assert response.status_code == 302
    head_a.refresh_from_db()
    assert head_a.check_password("Qs-2026-hospital")


def test_wrong_old_password_is_explained(client, head_a):
    client.force_login(head_a)
    response = client.post(
        URL,
        {
            "old_password": "x",
            "new_password1": "Qs-2026-hospital",
            "new_password2": "Qs-2026-hospital",
        },
    )
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode() or "原密码" in response.content.decode()
    head_a.refresh_from_db()
    assert head_a.check_password("password")


def test_it_needs_login(client, db):
    assert client.get(URL).status_code == 302


def change(client, new, old="password"):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new})


def test_a_simple_password_is_refused_in_chinese(client, head_a):
    client.force_login(head_a)
    response = change(client, "qingshan2026")
    assert response.status_code == 200
    assert "至少包含大写字母、小写字母、数字、符号中的 3 类" in response.content.decode()
    head_a.refresh_from_db()
    assert head_a.check_password("password")


def test_the_current_password_cannot_be_kept(client, head_a):
    head_a.set_password("Qs-2026-hospital")
    head_a.save()
    client.force_login(head_a)
    response = change(client, "Qs-2026-hospital", old="Qs-2026-hospital")
    assert "不能与最近 5 次使用过的密码相同" in response.content.decode()


def test_the_rules_are_shown_on_the_form(client, head_a):
    client.force_login(head_a)
    body = client.get(URL).content.decode()
    assert "至少包含大写字母、小写字母、数字、符号中的 3 类" in body
    assert "不能与最近 5 次使用过的密码相同" in body


def test_changing_ends_the_forced_change(client, head_a, clock):
    head_a.must_change_password = True
    head_a.save()
    client.force_login(head_a)
    body = client.get(URL).content.decode()
    assert "首次登录须先修改为只有您自己知道的新密码" in body
    clock.shift(60)
    assert change(client, "Qs-2026-hospital").status_code == 302
    head_a.refresh_from_db()
    assert not head_a.must_change_password
    assert head_a.password_changed_at > NOW
    assert client.get("/").status_code == 200
