"""Tables whose selection is kept as candidate ids, never as row positions.

Streamlit remembers a table's selection by position. Here the rows a user ticks are stored as
ids, and the table's key changes with its rows (``table_key``), so after a re-sort, a filter or
an edit the same people stay selected (drawn again with ``selection_default``) and nobody else
is. The candidate whose detail is open (the focus) is the one ticked last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from pages._frame import table_key


@dataclass(frozen=True)
class Selection:
    """The ids ticked in a table, and the one whose detail is shown."""

    ids: list[int]
    focus: int | None


def id_table_ui(
    name: str, frame: pd.DataFrame, ids: Sequence[int], *, focus_key: str, **options: Any
) -> Selection:
    """Draw ``frame`` (one row per id in ``ids``, same order) with multi-row selection.

    ``st.session_state[focus_key]`` holds the focused id and ``st.session_state[name + "_ids"]``
    the ticked ones; either may be set by other code (a link, a test) and is kept while its
    candidate is among the rows.
    """
    ids = list(ids)
    stored_key, ticked_key, seen_key = f"{name}_table", f"{name}_ids", f"{name}_seen"
    kept = [i for i in st.session_state.get(ticked_key, []) if i in ids]
    key = table_key(name, ids)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        selection_default={"selection": {"rows": [ids.index(i) for i in kept]}},
        key=key,
        **options,
    )
    focus = st.session_state.get(focus_key)
    now = [ids[r] for r in event.selection.rows if r < len(ids)] if event is not None else []
    fresh = st.session_state.get(stored_key) != key  # new rows: the table shows ``kept``
    if not fresh and now != st.session_state.get(seen_key, []):  # the user (un)ticked a row
        added = [i for i in now if i not in kept]
        focus = added[-1] if added else (now[-1] if now else None)
        kept = now
    st.session_state[stored_key] = key
    st.session_state[seen_key] = kept if fresh else now
    st.session_state[ticked_key] = kept
    focus = focus if focus in ids else None
    st.session_state[focus_key] = focus
    return Selection(kept, focus)
