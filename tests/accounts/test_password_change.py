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
