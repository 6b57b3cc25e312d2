"""Pure text work: no Flask, no database."""
