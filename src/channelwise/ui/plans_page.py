"""Plans: the inputs form, generation with progress, copy/download, versions, revisions,
plan vs actuals. The page calls the plan use cases (``channelwise.services.plans``) and
renders what they return; nothing is computed here."""

from __future__ import annotations

import streamlit as st

from channelwise.access import Actor
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, pick, t
from channelwise.plans import (
    EXPORT_FORMATS,
    Plan,
    PlanInputs,
    SectionEvent,
    actuals_markdown,
    to_markdown,
)
from channelwise.plans.platform_profiles import GOALS
from channelwise.plans.records import AMBITIONS
from channelwise.services import Services
from channelwise.services.plans import (
    compare_with_actuals,
    complete_plan,
    generate_plan,
    open_plan,
    plan_inputs,
    plan_versions,
    revise_plan,
)
from channelwise.stats import Platform
from channelwise.ui.conversations import current_conversation
from channelwise.ui.inert import inert_markdown
from channelwise.ui.state import session
from channelwise.ui.widgets import copy_button

PLATFORMS = tuple(p for p in Platform if p is not Platform.OTHER)


def render_plans(services: Services, lang: Language, actor: Actor) -> None:
    st.header(t("page_plans", lang))
    st.caption(t("plan_intro", lang))
    inputs = plan_form(lang)
    if inputs is not None:
        generate(services, inputs, lang, actor)
    plan_id = st.query_params.get("p")
    if plan_id:
        try:
            render_saved_plan(services, plan_id, lang, actor)
        except ChannelwiseError as err:
            st.error(inert_markdown(err.localized(lang)))


def plan_form(lang: Language) -> PlanInputs | None:
    with st.form("plan-inputs"):
        goals = st.multiselect(
            t("goals", lang),
            GOALS,
            default=["resilience"],
            format_func=lambda g: t(f"goal_{g}", lang),
        )
        left, right = st.columns(2)
        hours = left.number_input(t("hours", lang), min_value=0.0, value=10.0, step=1.0)
        budget = right.number_input(t("budget", lang), min_value=0.0, value=0.0, step=50.0)
        audience = st.text_input(t("audience", lang))
        left, right = st.columns(2)
        markets = left.text_input(t("markets", lang), value=pick(lang, "", "DE, AT, CH"))
        industry = right.text_input(t("industry", lang))
        languages = st.multiselect(t("content_languages", lang), ["de", "en"], default=[lang])
        left, right = st.columns(2)
        avoid = left.multiselect(t("avoid", lang), PLATFORMS, format_func=lambda p: p.label)
        keep = right.multiselect(t("keep", lang), PLATFORMS, format_func=lambda p: p.label)
        ambition = st.select_slider(
            t("ambition", lang),
            AMBITIONS,
            value="balanced",
            format_func=lambda a: t(f"ambition_{a}", lang),
        )
        if not st.form_submit_button(t("generate", lang), type="primary"):
            return None
    try:
        return plan_inputs(
            language=lang,
            goals=goals,
            hours_per_week=hours,
            budget_per_month=budget,
            audience=audience,
            markets=markets,
            industry=industry,
            languages=languages,
            avoid=avoid,
            keep=keep,
            ambition=ambition,
        )
    except ChannelwiseError as err:
        st.error(err.localized(lang))
        return None


def generate(services: Services, inputs: PlanInputs, lang: Language, actor: Actor) -> None:
    """The skeleton (every figure, the mix, timeline and KPIs) at once, then each section as
    it is written; the saved plan replaces the live view when it is done."""
    stats = session().stats
    conversation = current_conversation(services, actor)
    status = st.status(t("writing_plan", lang))
    live = st.empty()

    def show(plan: Plan) -> None:
        live.markdown(inert_markdown(to_markdown(plan)))

    def on_section(event: SectionEvent) -> None:
        if event.status == "writing":
            label = t("section_progress", lang, i=event.index, n=event.total, title=event.title)
            status.update(label=label)
        elif event.status == "waiting" and event.position is not None:
            status.update(label=t("plan_waiting", lang, title=event.title, n=event.position))
        elif event.plan is not None:
            show(event.plan)

    outcome = generate_plan(
        services,
        inputs,
        stats,
        actor=actor,
        conversation_id=conversation.id if conversation else None,
        on_section=on_section,
        on_skeleton=show,
    )
    live.empty()  # the saved plan is shown below, with its actions
    if outcome.model_error is not None and outcome.plan.missing:
        # the model failed: every figure and the timeline are saved; say what is missing
        status.update(label=t("writing_plan", lang), state="error")
        st.warning(
            f"{outcome.model_error.localized(lang)}\n\n"
            + t("plan_model_failed", lang, parts=", ".join(outcome.plan.missing))
        )
    elif outcome.model_error is not None:  # written from the playbook and the sources
        status.update(label=t("plan_done", lang), state="complete")
        st.info(f"{outcome.model_error.localized(lang)}\n\n{t('plan_no_model', lang)}")
    else:
        status.update(label=t("plan_done", lang), state="complete")
    st.query_params["p"] = str(outcome.plan.id)
    st.query_params.pop("v", None)


def render_saved_plan(services: Services, plan_id: str, lang: Language, actor: Actor) -> None:
    versions = plan_versions(services, plan_id, actor=actor)
    labels = {v.version: f"{v.version}: {v.request or t('first_draft', lang)}" for v in versions}
    numbers = list(labels)
    chosen = _version_in_url(numbers, lang)
    version = st.selectbox(
        t("version", lang),
        numbers,
        index=numbers.index(chosen) if chosen in numbers else len(numbers) - 1,
        format_func=labels.__getitem__,
    )
    if version != chosen:
        st.query_params["v"] = str(version)
    plan = open_plan(services, plan_id, version, actor=actor)
    markdown = to_markdown(plan)
    render_actions(plan, markdown, lang)
    if plan.missing:
        st.warning(t("plan_model_failed", lang, parts=", ".join(plan.missing)))
        if st.button(t("complete_missing", lang)):
            try:
                completed = complete_plan(services, plan_id, actor=actor, version=version)
            except ChannelwiseError as err:
                st.error(inert_markdown(err.localized(lang)))
            else:
                st.query_params.pop("v", None)
                if completed is not None and completed.model_error is not None:
                    message = completed.model_error.localized(lang)
                    st.info(f"{message}\n\n{t('plan_no_model', lang)}")
                else:
                    st.rerun()
    with st.container(border=True, key="plan-text"):
        st.markdown(inert_markdown(markdown))
    render_revision(services, plan, lang, actor)
    render_actuals(services, plan, lang, actor)


def _version_in_url(numbers: list[int], lang: Language) -> int:
    """``?v=``, or the latest version when there is none or it names none of ``numbers``
    (then with a note, and the URL no longer names it)."""
    asked = st.query_params.get("v")
    if asked is None:
        return numbers[-1]
    version = int(asked) if asked.isascii() and asked.isdigit() else None
    if version in numbers:
        return version
    st.query_params.pop("v")
    st.warning(inert_markdown(t("version_unknown", lang, version=asked, latest=numbers[-1])))
    return numbers[-1]


def render_actions(plan: Plan, markdown: str, lang: Language) -> None:
    copy_button(
        markdown, t("copy_plan", lang), t("copied", lang), key=f"plan-{plan.id}-{plan.version}"
    )
    for column, export in zip(st.columns(len(EXPORT_FORMATS)), EXPORT_FORMATS, strict=True):
        column.download_button(
            t(f"download_{export.key}", lang),
            export.render(plan),
            export.file_name(plan),
            export.mime,
        )


def render_revision(services: Services, plan: Plan, lang: Language, actor: Actor) -> None:
    with st.form("plan-revision", clear_on_submit=True):
        request = st.text_input(t("revise", lang), placeholder=t("revise_placeholder", lang))
        if not st.form_submit_button(t("revise", lang)) or not request.strip():
            return
    try:
        revise_plan(services, str(plan.id), request.strip(), actor=actor, version=plan.version)
    except ChannelwiseError as err:
        st.error(inert_markdown(err.localized(lang)))  # it quotes the request
        return
    st.query_params.pop("v", None)
    st.rerun()


def render_actuals(services: Services, plan: Plan, lang: Language, actor: Actor) -> None:
    st.subheader(t("actuals", lang))
    stats = session().stats
    if stats is None:
        st.caption(t("actuals_hint", lang))
        return
    try:
        _, report = compare_with_actuals(
            services, str(plan.id), stats, actor=actor, version=plan.version
        )
        st.markdown(inert_markdown(actuals_markdown(report, lang)))
    except ChannelwiseError as err:
        st.error(err.localized(lang))
