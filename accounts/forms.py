from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错多次后账号将被暂时锁定。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }


class OwnPasswordChangeForm(PasswordChangeForm):
    """The person sets a password only they know: no longer one they must change."""

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit)
