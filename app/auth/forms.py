"""The sign-in form (Flask-WTF: CSRF token included)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Brugernavn / Username", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Adgangskode / Password", validators=[DataRequired(), Length(max=1000)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """Signing out is a POST with a CSRF token, so another site cannot sign a user out."""
