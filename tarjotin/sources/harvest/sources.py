"""The harvestable sources by name (the ``harvest`` command's first argument)."""

from tarjotin.sources.harvest.linkedevents import LinkedEventsSource
from tarjotin.sources.harvest.lipas import LipasSource
from tarjotin.sources.harvest.ptv import PtvSource
from tarjotin.sources.harvest.tpr import TprSource

SOURCES = {
    source.name: source for source in (PtvSource, LinkedEventsSource, LipasSource, TprSource)
}
