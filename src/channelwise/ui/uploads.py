"""Streamlit's upload endpoint, open only to browser sessions past sign-in.

Streamlit serves ``PUT /_stcore/upload_file/<session_id>/<file_id>`` for every live session:
it checks the XSRF cookie and that the session id is live, not that the session ever showed
an uploader or signed in, and keeps each file (up to ``server.maxUploadSize``) in memory
until the session ends. So a visitor who only loaded the sign-in page could park any number
of files there. The app stops the script before any uploader renders; this closes the
endpoint too: the runtime's uploaded-file manager asks :class:`UploadAdmission` first and
answers 403 for a session that has not signed in.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, cast

from starlette.exceptions import HTTPException
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from channelwise.access import UploadAdmission

log = logging.getLogger(__name__)

#: Where the runtime's uploaded-file manager keeps its admission (one per process; it
#: outlives Streamlit's caches, which a code change in development clears).
_ADMISSION = "_channelwise_admission"
_GUARDING = threading.Lock()  # two sessions' first runs must not wrap it twice


def _admission_of(manager: Any) -> UploadAdmission:
    """The manager's admission; the first call makes ``manager.add_file`` refuse sessions
    it does not admit (403)."""
    with _GUARDING:
        found = getattr(manager, _ADMISSION, None)
        if found is not None:  # (also after a code change reloaded this module)
            return cast(UploadAdmission, found)
        admission = UploadAdmission()
        _refuse_unadmitted(manager, admission)
        setattr(manager, _ADMISSION, admission)
        return admission


def _refuse_unadmitted(manager: Any, admission: UploadAdmission) -> None:
    store_file = manager.add_file

    def add_file(session_id: str, file: Any) -> None:
        if not admission.admits(session_id):
            log.warning("upload refused: the browser session has not signed in")
            raise HTTPException(status_code=403, detail="Sign in before uploading files.")
        store_file(session_id, file)

    setattr(manager, "add_file", add_file)  # noqa: B010 (this instance, not the class)


def allow_uploads(allowed: bool) -> None:
    """Let this browser session hand files to the server, or not (called on every script
    run, before the page renders)."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():  # no server (AppTest): no upload endpoint
        return
    admission = _admission_of(runtime.get_instance().uploaded_file_mgr)
    if allowed:
        admission.admit(ctx.session_id)
    else:
        admission.revoke(ctx.session_id)
