"""Typed ids, so that a group id is never passed where a deputy id is expected."""

from typing import NewType

TownshipId = NewType("TownshipId", int)
TermId = NewType("TermId", int)
ConstituencyId = NewType("ConstituencyId", int)
StationId = NewType("StationId", int)
GroupId = NewType("GroupId", int)
DeputyId = NewType("DeputyId", int)
ActivityId = NewType("ActivityId", int)
ReceptionId = NewType("ReceptionId", int)
VoterReportId = NewType("VoterReportId", int)
