"""Every form class of annotator.forms (a package, one module a blueprint), for the tests that
check all of them."""
import importlib
import pkgutil

import annotator.forms
from annotator.forms.base import Form


def form_classes():
    """Return {class name: class} of every form in the package."""
    found = {}
    for info in pkgutil.iter_modules(annotator.forms.__path__):
        module = importlib.import_module(f"annotator.forms.{info.name}")
        found.update({name: value for name, value in vars(module).items()
                      if isinstance(value, type) and issubclass(value, Form) and value is not Form})
    return found
