from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts import idle, logins, passwords, sessions
from accounts.forms import LoginForm, OwnPasswordChangeForm
from accounts.models import User
from accounts.scoping import security_admin_required
from healthreport.lib.http import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.info(self.request, logins.previous_login_text(form.get_user()))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = OwnPasswordChangeForm

    def get_context_data(self, **kwargs):
        # Why the person was sent here (first login, expired), shown above the form.
        return {
            **super().get_context_data(**kwargs),
            "reason": passwords.change_reason(self.request.user),
        }


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()
password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html"
)


@require_POST
def keep_alive(request: AuthenticatedRequest) -> HttpResponse:
    """继续使用: the page's idle warning asks to keep the session (the request itself counts)."""
    sessions.touch(request, force=True)
    return JsonResponse({"remaining": sessions.remaining(request)})


@require_GET
@security_admin_required
def idle_accounts(request: AuthenticatedRequest) -> HttpResponse:
    """Accounts the idle rule will disable at its next run, and those already disabled."""
    context = {
        "idle_days": settings.ACCOUNT_IDLE_DAYS,
        "due": idle.idle_accounts().select_related("unit", "region").order_by("username"),
        "disabled": idle.disabled_accounts()
        .select_related("unit", "region")
        .order_by("-disabled_at", "username"),
    }
    return render(request, "accounts/idle_accounts.html", context)


@require_POST
@security_admin_required
def enable_account(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    if user.is_active:
        messages.error(request, f"账号 {user.username} 未停用，无需启用。")
    else:
        idle.reactivate(user)
        messages.success(request, f"账号 {user.username}（{user.display_name}）已重新启用。")
    return redirect("idle_accounts")
