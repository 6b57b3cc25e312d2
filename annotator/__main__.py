"""python -m annotator: the same as the console script `annotator`."""
from annotator.cli import main

main()
