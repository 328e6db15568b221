from django.contrib.auth import views as auth_views

from accounts.forms import LoginForm

login = auth_views.LoginView.as_view(
    template_name="registration/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    template_name="registration/password_change.html"
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html"
)
