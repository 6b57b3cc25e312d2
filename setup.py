"""Build the package with templates/ and static/ inside it (as annotator/templates and
annotator/static), while in the repository they stay at the top level.

Everything else is configured in setup.cfg; only this mapping needs code: setup.cfg cannot
add packages to those that `find:` discovers, and Flask loads templates from a folder, not
from data files installed elsewhere. The app looks in the package first, then at the top level
of a checkout (annotator.resource_folder), so editable installs and wheels both work.
"""
from setuptools import find_packages, setup

RESOURCES = {"annotator.templates": "templates", "annotator.static": "static"}

setup(
    packages=find_packages(include=["annotator", "annotator.*"]) + list(RESOURCES),
    package_dir=dict(RESOURCES),  # their files: [options.package_data] in setup.cfg
)
