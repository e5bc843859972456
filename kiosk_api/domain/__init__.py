"""Pure rules of the court domain: no Flask, SQLAlchemy or network imports here."""
