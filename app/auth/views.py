"""GET/POST /login and POST /logout for the web pages (Danish first, English second)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from app.auth.forms import LoginForm, LogoutForm
from app.auth.secrets import check_password, hash_password
from app.auth.sessions import SessionUser
from app.extensions import database
from app.security.limits import hit_login_limit

bp = Blueprint("auth", __name__)
_DUMMY_HASH = hash_password("not-a-real-password")  # equal work for unknown users (no user enumeration)


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative //host or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def _authenticate(username: str, password: str) -> SessionUser | None:
    from sqlalchemy import select

    from app.models import User

    with database().transaction() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None or not user.password_hash:
            check_password(_DUMMY_HASH, password)
            return None
        if not check_password(user.password_hash, password) or user.disabled:
            return None
        return SessionUser(user.id, user.username, user.role)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
        return render_template("auth/login.html", form=form, error=None)
    hit_login_limit()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form,
                               error="Udfyld brugernavn og adgangskode. / Fill in username and password."), 400
    user = _authenticate(form.username.data or "", form.password.data or "")
    if user is None:
        return render_template("auth/login.html", form=form,
                               error="Forkert brugernavn eller adgangskode. / Wrong username or password."), 401
    login_user(user)
    return redirect(safe_next(form.next.data))


@bp.post("/logout")
def logout() -> Response:
    LogoutForm()  # the CSRF check has run already (app.auth.csrf); the form documents the contract
    logout_user()
    return redirect(url_for("auth.login"))
