"""Knowledge-base logic: plain Python, no MkDocs import.

The MkDocs hook adapters in ``hooks/`` call these modules and log what they
return. Keeping the logic here lets the project move to another static-site
engine by rewriting only the adapters.
"""
