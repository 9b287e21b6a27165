"""Small reusable widgets."""

from __future__ import annotations

import html

import streamlit.components.v1 as components

from channelwise.ui.inert import script_literal


def copy_button(text: str, label: str, done_label: str, *, key: str) -> None:
    """A visible button that puts ``text`` on the clipboard (runs in the browser).

    ``text`` may come from anyone (a plan field, a model's answer): it reaches the script
    only as an escaped literal and is copied exactly as it is.
    """
    button_id = f"copy-{key}"
    components.html(
        f"""
<button id="{html.escape(button_id)}"
  style="font: 14px sans-serif; padding: 4px 12px; border-radius: 6px;
  border: 1px solid #ccc; background: white; cursor: pointer;">{html.escape(label)}</button>
<script>
const b = document.getElementById({script_literal(button_id)});
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
  if (await copyText({script_literal(text)})) b.textContent = {script_literal(done_label)};
}});
</script>""",
        height=40,
    )
