"""Users (admin): create accounts, change roles, deactivate, reset passwords."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.auth.policy import ROLES
from core.errors import TalentFlowError
from core.services.sign_in import is_locked
from core.services.users import create_user, list_users, reset_password, update_user
from pages._frame import get_context, md, role_label, signed_in_user

ctx = get_context()
admin = signed_in_user()

st.title("Users")
accounts = list_users(ctx, actor=admin.email)
st.dataframe(
    pd.DataFrame(
        [
            {
                "E-mail": u.email,
                "Name": u.name,
                "Role": role_label(u.role),
                "Active": u.active,
                "Locked": is_locked(u),
                "Last sign-in": u.last_login.strftime("%Y-%m-%d %H:%M") if u.last_login else "",
            }
            for u in accounts
        ]
    ),
    hide_index=True,
    width="stretch",
)

with st.form("new_user", clear_on_submit=True):
    st.subheader("New account")
    cols = st.columns(3)
    email = cols[0].text_input("E-mail")
    name = cols[1].text_input("Name")
    role = cols[2].selectbox("Role", ROLES, index=1, format_func=role_label)
    password = st.text_input(
        "Initial password (10+ characters, hard to guess)",
        type="password",
        help="Refused when it is on lists of leaked passwords or easy to guess; "
        "a few unrelated words make a good one.",
    )
    if st.form_submit_button("Create"):
        try:
            create_user(ctx, email, role, password, name=name, actor=admin.email)
        except TalentFlowError as e:
            st.error(md(e))
        else:
            st.rerun()

if accounts:
    st.subheader("Change an account")
    target = st.selectbox("Account", [u.email for u in accounts])
    cols = st.columns(3)
    new_role = cols[0].selectbox("New role", ROLES, key="new_role", format_func=role_label)
    if cols[0].button("Change role"):
        update_user(ctx, target, actor=admin.email, role=new_role)
        st.rerun()
    selected = next(u for u in accounts if u.email == target)
    if cols[1].button(
        "Deactivate" if selected.active else "Reactivate", disabled=target == admin.email
    ):
        update_user(ctx, target, actor=admin.email, active=not selected.active)
        st.rerun()
    if cols[2].button("Reset password"):
        st.session_state["new_password"] = (target, reset_password(ctx, target, actor=admin.email))
    if "new_password" in st.session_state:
        who, secret = st.session_state.pop("new_password")
        st.success(f"New password for {md(who)} (shown once): {md(secret)}")
