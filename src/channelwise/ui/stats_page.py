"""Channel stats: upload exports, see what was recognized, figures, charts and a what-if."""

from __future__ import annotations

import altair as alt
import streamlit as st

from channelwise.access import Actor
from channelwise.i18n import Language, t
from channelwise.services import Services
from channelwise.services.stats import import_and_attach
from channelwise.stats import (
    StatsError,
    StatsResult,
    TooManyFilesError,
    figures_summary,
    format_number,
    format_percent,
    recognized_files,
    template_csv,
    what_if_meta_drop,
)
from channelwise.stats.views import share_table, trend_metrics, trend_table, what_if_table
from channelwise.ui.inert import inert_markdown
from channelwise.ui.state import session


def render_stats(services: Services, lang: Language, actor: Actor) -> None:
    state = session()
    st.header(t("page_stats", lang))
    st.caption(t("stats_intro", lang))
    st.download_button(
        t("template", lang),
        data=template_csv(lang),
        file_name=t("template_file", lang),
        mime="text/csv",
    )
    settings = services.settings
    files = st.file_uploader(
        t("uploader", lang),
        type=["csv", "tsv", "txt", "xlsx", "xls", "zip"],
        accept_multiple_files=True,
        max_upload_size=settings.max_upload_mb,
        key=f"uploads-{state.uploader_round}",
        help=t("upload_limits", lang, files=settings.max_upload_files, mb=settings.max_upload_mb),
    )
    names = [f.name for f in files or []]
    if files and names != state.last_upload:
        state.last_upload = names
        try:
            imported = import_and_attach(
                services, files, actor=actor, conversation_id=st.query_params.get("c")
            )
        except TooManyFilesError as err:  # an empty uploader frees the files at once
            state.upload_error = f"{t('upload_failed', lang)}\n\n{err.localized(lang)}"
            state.uploader_round += 1
            state.last_upload = []
            st.rerun()
        except StatsError as err:  # the figures shown before stay
            state.upload_error = f"{t('upload_failed', lang)}\n\n{err.localized(lang)}"
        else:
            state.stats, state.attachment = imported.result, imported.attachment
            state.upload_error = None
    if state.upload_error:
        st.error(inert_markdown(state.upload_error))  # it names the file
    if state.stats is not None:
        render_figures(state.stats, lang)


def render_figures(result: StatsResult, lang: Language) -> None:
    st.info(t("stats_in_chat", lang))
    with st.expander(t("recognized", lang), expanded=True):
        st.markdown(inert_markdown(recognized_files(result, lang, heading=False)))
    st.markdown(inert_markdown(figures_summary(result, lang)))
    shares = share_table(result, lang)
    if not shares.empty:
        st.subheader(t("share_chart", lang))
        chart = (
            alt.Chart(shares)
            .mark_bar()
            .encode(
                x=alt.X("share:Q", axis=alt.Axis(format="%"), title=None),
                y=alt.Y("platform:N", sort="-x", title=None),
                color=alt.Color("group:N", title=None),
                tooltip=["platform", "reach", "basis", alt.Tooltip("share:Q", format=".1%")],
            )
        )
        st.altair_chart(chart, width="stretch")
    metrics = trend_metrics(result)
    if metrics:
        st.subheader(t("trend_chart", lang))
        metric = st.selectbox(
            t("trend_chart", lang),
            metrics,
            format_func=lambda m: m.label(lang),
            label_visibility="collapsed",
        )
        trend = trend_table(result, metric)
        st.altair_chart(
            alt.Chart(trend)
            .mark_line(point=True)
            .encode(x="date:T", y=alt.Y("value:Q", title=metric.label(lang)), color="platform:N"),
            width="stretch",
        )
    reach = result.mix.reach()
    if reach:
        drop = st.slider(t("what_if", lang), 0, 100, 50, step=5, format="%d %%") / 100
        scenario = what_if_meta_drop(reach, drop)
        st.metric(
            t("what_if", lang),
            format_number(scenario.after, lang),
            delta=f"-{format_percent(scenario.lost_share, lang)}",
            delta_color="normal",
            label_visibility="collapsed",
        )
        st.caption(
            t(
                "what_if_result",
                lang,
                before=format_number(scenario.before, lang),
                after=format_number(scenario.after, lang),
                lost_share=format_percent(scenario.lost_share, lang),
            )
        )
        st.bar_chart(what_if_table(result, drop).set_index("platform"), stack=False)
