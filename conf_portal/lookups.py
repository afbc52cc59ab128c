"""ORM lookups every app relies on."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``in`` that leaves out numbers the column cannot hold, as Django does for ``exact``:
    an id posted as "99999999999999999999" matches nothing instead of raising SQLite's
    OverflowError (a 500 from any form that picks several rows by id)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [value for value in self.rhs if not _outside(value, low, high)]
        return super().process_rhs(compiler, connection)


def _outside(value, low, high) -> bool:
    return isinstance(value, int) and (
        (low is not None and value < low) or (high is not None and value > high)
    )
