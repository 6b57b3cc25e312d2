"""Forms, one per intent and one module per blueprint; the same classes validate HTML posts and
API JSON. base.py holds the shared Form (bidi and zero-width characters stripped, digits 0-9 only)
and the validators more than one module uses."""
