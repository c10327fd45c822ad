"""Sign in with a local account (or single sign-on, when configured)."""

from __future__ import annotations

import streamlit as st

from core.services.sign_in import AuthenticationFailed, authenticate
from core.services.users import has_accounts
from pages._frame import client_address, get_context, md, sso_email, start_session

ctx = get_context()
st.title("Sign in to TalentFlow")
if ctx.settings.sso:
    if (email := sso_email()) is not None:
        st.warning(f"{md(email)} has no TalentFlow account. Ask an administrator to create one.")
    elif st.button("Sign in with single sign-on", type="primary"):
        st.login()
if not has_accounts(ctx):
    st.info(
        "No accounts yet. Create the first administrator with "
        "`python -m core users create --role admin EMAIL`, or start the demo with `scripts/run`, "
        "which prints one account per role."
    )
with st.form("login"):
    email = st.text_input("E-mail")
    password = st.text_input("Password", type="password")
    if st.form_submit_button("Sign in", type="primary"):
        try:
            user = authenticate(ctx, email, password, source=client_address())
        except AuthenticationFailed as e:
            st.error(str(e))
        else:
            start_session(user)
            st.rerun()
