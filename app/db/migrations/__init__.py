"""Migration sets, one per area, applied in this order (see app/db/migrate.py)."""

from app.db.migrations.access import migrations as access
from app.db.migrations.activities import migrations as activities
from app.db.migrations.core import migrations as core
from app.db.migrations.deputies import migrations as deputies
from app.db.migrations.elections import migrations as elections
from app.db.migrations.exchange import migrations as exchange
from app.db.migrations.meetings import migrations as meetings
from app.db.migrations.oversight import migrations as oversight
from app.db.migrations.plans import migrations as plans
from app.db.migrations.suggestions import migrations as suggestions

MIGRATION_SETS = [
    core,
    deputies,
    exchange,
    meetings,
    suggestions,
    activities,
    elections,
    plans,
    oversight,
    access,
]
