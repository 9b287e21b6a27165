"""The app's texts in German and English, registered in the catalog (:mod:`channelwise.i18n`)."""

from __future__ import annotations

from channelwise.i18n import register

register(
    {
        "tagline": {
            "de": "Strategie-Assistent für Social-Media-Manager: weniger Abhängigkeit von Meta, "
            "mehr eigene Kanäle.",
            "en": "Strategy assistant for social-media managers: less dependence on Meta, "
            "more channels you own.",
        },
        "search_label": {"de": "Wissensbasis durchsuchen", "en": "Search the knowledge base"},
        "search_placeholder": {
            "de": "z. B. Wie viel investiert Meta in generative KI?",
            "en": "e.g. How much is Meta investing in generative AI?",
        },
        "not_covered": {
            "de": "Dazu enthält die Wissensbasis nichts Passendes. Die nächstliegenden Stellen:",
            "en": "The knowledge base does not cover this. The closest passages:",
        },
        "no_hits": {"de": "Keine Treffer.", "en": "No results."},
        "open_source": {"de": "Quelle öffnen", "en": "Open source"},
        "index_status": {
            "de": "Wissensbasis: {documents} Dokumente, {chunks} Abschnitte (Stand {built_at})",
            "en": "Knowledge base: {documents} documents, {chunks} passages (indexed {built_at})",
        },
        "language": {"de": "Sprache", "en": "Language"},
        "page_search": {"de": "Wissenssuche", "en": "Knowledge search"},
        "page_stats": {"de": "Kanal-Statistiken", "en": "Channel stats"},
        "stats_intro": {
            "de": "Laden Sie die Exporte hoch, die Sie ohnehin herunterladen: YouTube Studio, "
            "Meta Business Suite (Facebook, Instagram), TikTok Studio, LinkedIn, Substack, "
            "Beehiiv, Mailchimp, Google Analytics – als CSV, XLSX, XLS oder ZIP. Für alles andere "
            "gibt es die Vorlage.",
            "en": "Upload the exports you already download: YouTube Studio, Meta Business Suite "
            "(Facebook, Instagram), TikTok Studio, LinkedIn, Substack, Beehiiv, Mailchimp, "
            "Google Analytics – as CSV, XLSX, XLS or ZIP. For anything else, use the template.",
        },
        "uploader": {"de": "Exporte hochladen", "en": "Upload exports"},
        "upload_limits": {
            "de": "Bis zu {files} Dateien auf einmal, je höchstens {mb} MB.",
            "en": "Up to {files} files at once, each at most {mb} MB.",
        },
        "template": {"de": "Vorlage herunterladen (CSV)", "en": "Download the template (CSV)"},
        "recognized": {"de": "Erkannte Dateien", "en": "Recognized files"},
        "figures": {"de": "Kennzahlen", "en": "Figures"},
        "share_chart": {"de": "Anteil an der Reichweite", "en": "Share of reach"},
        "trend_chart": {"de": "Verlauf", "en": "Trend"},
        "what_if": {
            "de": "Was wäre, wenn Metas organische Reichweite sinkt um …",
            "en": "What if Meta's organic reach fell by …",
        },
        "what_if_result": {
            "de": "Gesamtreichweite {before} → {after} ({lost_share} weniger)",
            "en": "Total reach {before} → {after} ({lost_share} less)",
        },
        "upload_failed": {
            "de": "Die Datei konnte nicht gelesen werden; Ihre bisherigen Zahlen bleiben erhalten.",
            "en": "The file could not be read; your previous figures are kept.",
        },
        "stats_in_chat": {
            "de": "Diese Zahlen fließen in Antworten und Pläne ein.",
            "en": "These figures are used in answers and plans.",
        },
        "page_chat": {"de": "Chat", "en": "Chat"},
        "chat_placeholder": {
            "de": "Frage zu Meta, Plattformen, eigenen Kanälen …",
            "en": "Ask about Meta, platforms, owned channels …",
        },
        "starters_title": {"de": "Zum Beispiel:", "en": "For example:"},
        "sources": {"de": "Quellen", "en": "Sources"},
        "copy": {"de": "Kopieren", "en": "Copy"},
        "copied": {"de": "Kopiert", "en": "Copied"},
        "new_chat": {"de": "Neuer Chat", "en": "New chat"},
        "conversations": {"de": "Unterhaltungen", "en": "Conversations"},
        "rename": {"de": "Umbenennen", "en": "Rename"},
        "delete": {"de": "Löschen", "en": "Delete"},
        "title_label": {"de": "Titel", "en": "Title"},
        "untitled": {"de": "Neue Unterhaltung", "en": "New conversation"},
        "thinking": {
            "de": "Suche in Playbook und Wissensbasis …",
            "en": "Looking in the playbook and the knowledge base …",
        },
        "writing": {
            "de": "Das Sprachmodell formuliert die Antwort aus diesen Quellen …",
            "en": "The language model is wording the answer from these sources …",
        },
        "queue_position": {
            "de": "Das Sprachmodell beantwortet gerade andere Fragen – Platz {position} in der "
            "Warteschlange. Die Antwort aus der Wissensbasis steht schon oben.",
            "en": "The language model is answering other questions – position {position} in "
            "the queue. The answer from the knowledge base already stands above.",
        },
        "model_loading": {
            "de": "Das Sprachmodell wird geladen …",
            "en": "The language model is loading …",
        },
        "suggestions_title": {"de": "Weiterfragen:", "en": "Ask next:"},
        "question_kept": {
            "de": "Ihre Frage ist gespeichert; Sie können es gleich noch einmal versuchen.",
            "en": "Your question is saved; you can try again in a moment.",
        },
        "stats_attached": {
            "de": "Ihre Kanal-Statistiken ({files}) fließen in die Antworten ein.",
            "en": "Your channel stats ({files}) are used in the answers.",
        },
        "model_status": {"de": "Modell: {label}", "en": "Model: {label}"},
        "local_model_hint": {
            "de": "Das lokale Modell läuft offline auf Ihrem Rechner; auf 2 Kernen beginnt eine "
            "Antwort nach einigen Sekunden. Schneller und besser: OPENAI_API_KEY oder einen "
            "OpenAI-kompatiblen Server (OPENAI_BASE_URL) einstellen.",
            "en": "The local model runs offline on this machine; on 2 cores an answer starts "
            "after a few seconds. Faster and better: set OPENAI_API_KEY or an OpenAI-compatible "
            "server (OPENAI_BASE_URL).",
        },
        "model_unavailable": {"de": "Sprachmodell nicht bereit", "en": "Language model not ready"},
        "page_plans": {"de": "Plan", "en": "Plan"},
        "password": {"de": "Passwort", "en": "Password"},
        "sign_in": {"de": "Anmelden", "en": "Sign in"},
        "wrong_password": {"de": "Falsches Passwort.", "en": "Wrong password."},
        "sign_in_wait": {
            "de": "Zu viele Fehlversuche: Versuchen Sie es in {seconds} s erneut.",
            "en": "Too many wrong attempts: try again in {seconds} s.",
        },
        "oidc_not_allowed": {
            "de": "Das Konto {email} hat keinen Zugang zu channelwise. Melden Sie sich mit einem "
            "anderen Konto an, oder bitten Sie die Administration, es in "
            "CHANNELWISE_OIDC_ALLOWED aufzunehmen.",
            "en": "The account {email} has no access to channelwise. Sign in with another "
            "account, or ask your administrator to add it to CHANNELWISE_OIDC_ALLOWED.",
        },
        "sign_in_oidc": {"de": "Mit Ihrem Konto anmelden", "en": "Sign in with your account"},
        "sign_out": {"de": "Abmelden", "en": "Sign out"},
        "workspace_shared": {
            "de": "Gemeinsamer Team-Arbeitsbereich: Alle, die das Passwort kennen, sehen diese "
            "Unterhaltungen, Zahlen und Pläne und können sie ändern.",
            "en": "Shared team workspace: everyone who knows the password sees these "
            "conversations, figures and plans and can change them.",
        },
        "workspace_own": {
            "de": "Angemeldet als {email}. Ihre Unterhaltungen, Zahlen und Pläne sieht nur Ihr "
            "Konto.",
            "en": "Signed in as {email}. Only your account sees your conversations, figures "
            "and plans.",
        },
        "version_unknown": {
            "de": "Version „{version}“ gibt es nicht; hier ist die neueste, Version {latest}.",
            "en": "There is no version “{version}”; here is the latest, version {latest}.",
        },
        "conversation_unknown": {
            "de": "Diese Unterhaltung gibt es nicht (mehr), oder sie gehört nicht Ihnen. Stellen "
            "Sie eine Frage, um eine neue zu beginnen.",
            "en": "This conversation does not exist (any more), or it is not yours. Ask a "
            "question to start a new one.",
        },
        "oidc_no_email": {
            "de": "Ihr Konto nennt keine E-Mail-Adresse, daher kann channelwise Ihnen keine "
            "Unterhaltungen und Pläne zuordnen. Bitten Sie die Administration, den Scope "
            "„email“ beim Anmeldedienst freizugeben.",
            "en": "Your account shares no e-mail address, so channelwise cannot keep your "
            "conversations and plans apart from others'. Ask your administrator to grant the "
            "“email” scope at the sign-in provider.",
        },
        "oidc_no_identity": {
            "de": "Der Anmeldedienst nennt für das Konto {email} keinen Aussteller (iss) oder "
            "keine Kennung (sub), daher kann channelwise ihm keine Unterhaltungen und Pläne "
            "zuordnen. Bitten Sie die Administration, den Anmeldedienst zu prüfen.",
            "en": "The sign-in provider names no issuer (iss) or subject (sub) for the account "
            "{email}, so channelwise cannot keep its conversations and plans apart from "
            "others'. Ask your administrator to check the sign-in provider.",
        },
        "oidc_unverified": {
            "de": "Der Anmeldedienst bestätigt nicht, dass die Adresse {email} zu diesem Konto "
            "gehört (email_verified ist nicht true). Bestätigen Sie die Adresse beim "
            "Anmeldedienst, oder bitten Sie die Administration um Hilfe.",
            "en": "The sign-in provider does not confirm that the address {email} belongs to "
            "this account (email_verified is not true). Verify the address with the provider, "
            "or ask your administrator for help.",
        },
        "plan_intro": {
            "de": "Ein Diversifizierungsplan aus Ihren Angaben und – falls hochgeladen – Ihren "
            "Kanal-Statistiken. Alle Zahlen rechnet channelwise selbst; das Sprachmodell schreibt "
            "nur die Texte.",
            "en": "A diversification plan from your answers and – if uploaded – your channel "
            "stats. channelwise computes every figure itself; the language model only writes "
            "the text.",
        },
        "goals": {"de": "Ziele", "en": "Goals"},
        "goal_reach": {"de": "Reichweite", "en": "Reach"},
        "goal_revenue": {"de": "Umsatz", "en": "Revenue"},
        "goal_community": {"de": "Community", "en": "Community"},
        "goal_resilience": {"de": "Unabhängigkeit", "en": "Resilience"},
        "hours": {"de": "Team-Stunden pro Woche", "en": "Team hours per week"},
        "budget": {"de": "Budget pro Monat (€)", "en": "Budget per month (€)"},
        "audience": {"de": "Zielgruppe", "en": "Audience"},
        "markets": {"de": "Märkte (kommagetrennt)", "en": "Markets (comma-separated)"},
        "industry": {"de": "Branche", "en": "Industry"},
        "content_languages": {"de": "Sprachen der Inhalte", "en": "Content languages"},
        "avoid": {"de": "Plattformen meiden", "en": "Platforms to avoid"},
        "keep": {"de": "Plattformen behalten", "en": "Platforms to keep"},
        "ambition": {"de": "Ehrgeiz", "en": "Ambition"},
        "ambition_cautious": {"de": "vorsichtig", "en": "cautious"},
        "ambition_balanced": {"de": "ausgewogen", "en": "balanced"},
        "ambition_ambitious": {"de": "ehrgeizig", "en": "ambitious"},
        "generate": {"de": "Plan erstellen", "en": "Draft the plan"},
        "writing_plan": {"de": "Plan wird geschrieben …", "en": "Writing the plan …"},
        "plan_done": {"de": "Plan fertig", "en": "Plan ready"},
        "section_progress": {"de": "Abschnitt {i}/{n}: {title}", "en": "Section {i}/{n}: {title}"},
        "plan_waiting": {
            "de": "{title}: wartet auf das Sprachmodell (Platz {n}, Chat-Fragen gehen vor)",
            "en": "{title}: waiting for the language model (position {n}; chat questions first)",
        },
        "plan_no_model": {
            "de": "Ohne Sprachmodell wurde der Plan aus dem Playbook und den Quellen geschrieben.",
            "en": "Without a language model, the plan was written from the playbook and the "
            "sources.",
        },
        "plan_model_failed": {
            "de": "Das Sprachmodell ist ausgefallen; die Zahlen und der Zeitplan sind gesichert. "
            "Fehlende Teile: {parts}.",
            "en": "The language model failed; the figures and timeline are saved. "
            "Missing parts: {parts}.",
        },
        "complete_missing": {"de": "Fehlende Teile schreiben", "en": "Write the missing parts"},
        "copy_plan": {"de": "Plan kopieren", "en": "Copy plan"},
        "download_md": {"de": "Markdown (.md)", "en": "Markdown (.md)"},
        "download_docx": {"de": "Word (.docx)", "en": "Word (.docx)"},
        "download_csv": {"de": "Zeitplan (.csv)", "en": "Timeline (.csv)"},
        "download_ics": {"de": "Kalender (.ics)", "en": "Calendar (.ics)"},
        "version": {"de": "Version", "en": "Version"},
        "first_draft": {"de": "erster Entwurf", "en": "first draft"},
        "revise": {"de": "Überarbeiten", "en": "Revise"},
        "revise_placeholder": {
            "de": "z. B. „ehrgeiziger“, „kein TikTok“, „nur 5 Stunden pro Woche“",
            "en": "e.g. “more ambitious”, “no TikTok”, “only 5 hours a week”",
        },
        "actuals": {"de": "Plan vs. Ist", "en": "Plan vs actuals"},
        "actuals_hint": {
            "de": "Laden Sie neuere Exporte auf der Seite „Kanal-Statistiken“ hoch, um den "
            "Fortschritt je Kennzahl zu sehen.",
            "en": "Upload newer exports on the “Channel stats” page to see each KPI's progress.",
        },
    }
)

#: Starter questions on an empty chat, in this order.
STARTERS = ("starter_1", "starter_2", "starter_3")
register(
    {
        "starter_1": {
            "de": "Was bedeutet Metas KI-Offensive für Creator und Social-Media-Manager?",
            "en": "What does Meta's generative-AI push mean for creators?",
        },
        "starter_2": {
            "de": "Wie baue ich einen Newsletter auf, um Follower in eigene Kanäle zu holen?",
            "en": "How do I move followers from Instagram to a newsletter?",
        },
        "starter_3": {
            "de": "Welche Plattformen eignen sich für ein kleines Team neben Instagram?",
            "en": "How do I measure how dependent we are on Meta?",
        },
        "template_file": {"de": "channelwise-vorlage.csv", "en": "channelwise-template.csv"},
    }
)
