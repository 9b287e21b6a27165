"""Small reusable widgets."""

from __future__ import annotations

import html
import json

import streamlit.components.v1 as components


def copy_button(text: str, label: str, done_label: str, *, key: str) -> None:
    """A visible button that puts ``text`` on the clipboard (runs in the browser)."""
    payload = json.dumps(text)
    button_id = f"copy-{key}"
    components.html(
        f"""
<button id="{button_id}" style="font: 14px sans-serif; padding: 4px 12px; border-radius: 6px;
  border: 1px solid #ccc; background: white; cursor: pointer;">{html.escape(label)}</button>
<script>
const b = document.getElementById({json.dumps(button_id)});
async function copyText(text) {{
  try {{ await navigator.clipboard.writeText(text); return true; }} catch (e) {{}}
  // without clipboard permission or focus: the classic way still works on a click
  const area = document.createElement("textarea");
  area.value = text;
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}}
b.addEventListener("click", async () => {{
  if (await copyText({payload})) b.textContent = {json.dumps(done_label)};
}});
</script>""",
        height=40,
    )
