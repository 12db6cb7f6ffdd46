"""What residents and professionals look for, announced for whoever counts it.

The search and the pages send these; the demand indicators listen (indicators/demand.py), so
the apps that search never import the app that counts. Arguments are keywords:
``searched(channel, language, text, total, filters)`` for a first result page or API answer,
``service_viewed(service_id, referer)`` for a service page (the referer tells which search).
"""

from django.dispatch import Signal

searched = Signal()
service_viewed = Signal()
