"""Use cases shared by the app and the CLI, and the composition root that builds the parts.

* :mod:`.root`: :class:`Services`, every part built from the settings on first use
* :mod:`.conversations`: ask in a conversation (question stored first, answer with citations),
  or once, outside any (``channelwise ask``)
* :mod:`.stats`: import exports, the figures a conversation keeps (the stats page's upload:
  count, import, attach)
* :mod:`.plans`: the inputs checked (form and command line); generate, revise, complete a
  plan; compare it with newer exports
* :mod:`.knowledge`: bring the index in line with the curated documents; search it
* :mod:`.signin`: who an OIDC account signs in as (claims, allow-list, owner identity)

The pages render and call these; the CLI parses its arguments and calls them.
"""

from channelwise.services.knowledge import ingest
from channelwise.services.root import Services, build_services

__all__ = ["Services", "build_services", "ingest"]
