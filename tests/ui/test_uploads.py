"""Streamlit's uploaded-file manager (the real one the server uses) stores files only for
sessions the sign-in admitted (issue 22, finding 5; the browser test measures the endpoint)."""

from __future__ import annotations

import threading

import pytest
from starlette.exceptions import HTTPException
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from channelwise.access import UploadAdmission
from channelwise.ui.uploads import _admission_of


def put(manager: MemoryUploadedFileManager, session_id: str, file_id: str) -> int:
    try:
        manager.add_file(session_id, UploadedFileRec(file_id, "a.csv", "text/csv", b"x" * 1000))
    except HTTPException as refused:
        return refused.status_code
    return 204


def test_files_of_sessions_that_have_not_signed_in_are_refused() -> None:
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    admission = _admission_of(manager)
    assert put(manager, "visitor", "f1") == 403
    assert manager.get_files("visitor", ["f1"]) == []
    admission.admit("member")
    assert put(manager, "member", "f2") == 204
    assert [f.name for f in manager.get_files("member", ["f2"])] == ["a.csv"]
    admission.revoke("member")  # signed out
    assert put(manager, "member", "f3") == 403


def test_the_manager_is_guarded_once_also_by_racing_first_runs() -> None:
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    found: list[UploadAdmission] = []

    def first_run() -> None:
        found.append(_admission_of(manager))

    threads = [threading.Thread(target=first_run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(a) for a in found}) == 1
    found[0].admit("member")
    assert put(manager, "member", "f") == 204  # one wrapper, asking the one admission


def test_the_admission_stays_bounded() -> None:
    admission = UploadAdmission(max_sessions=2)
    for session in ("a", "b", "c"):
        admission.admit(session)
    assert [admission.admits(s) for s in ("a", "b", "c")] == [False, True, True]
    admission.admit("b")  # admitted again: the newest
    admission.admit("d")
    assert [admission.admits(s) for s in ("b", "c", "d")] == [True, False, True]


@pytest.mark.parametrize("session", ["", "no-such-session"])
def test_unknown_sessions_are_not_admitted(session: str) -> None:
    assert not UploadAdmission().admits(session)
